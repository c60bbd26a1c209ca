// Bundles the harness page's script: the host side (React, @grafana/*, @emotion/*) that
// Grafana would provide, plus the Prometheus → frames converter. The plugin itself is NOT in
// here: the page loads the built dist/module.js through the AMD host.
const path = require('node:path');
const webpack = require('webpack');
const swcOptions = require('../swc.config.js');

module.exports = {
  mode: 'production',
  context: __dirname,
  entry: { harness: './main.tsx' },
  target: 'web',
  devtool: false,
  // @grafana/ui is large: a persistent cache turns a 2-minute rebuild into seconds.
  cache: { type: 'filesystem', cacheDirectory: path.resolve(__dirname, '../../node_modules/.cache/netsplit-harness') },
  output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', clean: true },
  resolve: { extensions: ['.ts', '.tsx', '.js', '.jsx', '.mjs'] },
  module: {
    rules: [
      { test: /\.[tj]sx?$/, exclude: /node_modules/, use: { loader: 'swc-loader', options: swcOptions({ sourceMaps: false }) } },
      { test: /\.m?js$/, resolve: { fullySpecified: false } },
      { test: /\.css$/, type: 'asset/source' },
    ],
  },
  plugins: [new webpack.ProvidePlugin({ process: require.resolve('./processShim.js') })],
  // Not shipped anywhere: skip minifying 17 MB of host libraries.
  optimization: { minimize: false },
  performance: { hints: false },
};
