// The panel's own swc options: browser target, JSX with React's automatic runtime.
// The repository root's .swcrc is for Node code; jest and webpack both use this file instead.
module.exports = function swcOptions({ module = 'es6', sourceMaps = true } = {}) {
  return {
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      target: 'es2020',
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: module },
    sourceMaps,
  };
};
