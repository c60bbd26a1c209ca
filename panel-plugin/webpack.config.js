// Builds the panel as Grafana loads it: an AMD `dist/module.js` whose React, @grafana/*,
// @emotion/*, lodash and rxjs come from the host, plus plugin.json, README, CHANGELOG, LICENSE and images.
const path = require('node:path');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const swcOptions = require('./swc.config.js');
const pkg = require('./package.json');

/** Modules the Grafana host provides to plugins at run time. */
const hostModule = /^(react|react-dom|@grafana\/[^/]+|@emotion\/[^/]+|lodash|rxjs)(\/.*)?$/;

module.exports = (_env, argv) => {
  const production = argv.mode !== 'development';
  return {
    mode: production ? 'production' : 'development',
    context: __dirname,
    entry: { module: './src/module.ts' },
    target: 'web',
    devtool: production ? 'source-map' : 'eval-source-map',
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].js',
      library: { type: 'amd' },
      publicPath: `public/plugins/netsplit-matrix-panel/`,
      clean: true,
    },
    externalsType: 'amd',
    externals: [
      ({ request }, callback) => {
        // react/jsx-runtime stays in the bundle: it is tiny and older hosts do not export it.
        if (request && request !== 'react/jsx-runtime' && hostModule.test(request)) return callback(null, request);
        return callback();
      },
    ],
    resolve: { extensions: ['.ts', '.tsx', '.js', '.jsx'] },
    module: {
      rules: [{ test: /\.[tj]sx?$/, exclude: /node_modules/, use: { loader: 'swc-loader', options: swcOptions() } }],
    },
    plugins: [
      new CopyWebpackPlugin({
        patterns: [
          {
            from: 'src/plugin.json',
            to: '.',
            transform: (content) =>
              content
                .toString()
                .replace('%VERSION%', pkg.version)
                .replace('%TODAY%', new Date().toISOString().slice(0, 10)),
          },
          { from: 'src/README.md', to: '.' },
          { from: 'CHANGELOG.md', to: '.' },
          { from: '../LICENSE', to: '.' },
          { from: 'src/img', to: 'img' },
        ],
      }),
    ],
    performance: { hints: false },
  };
};
