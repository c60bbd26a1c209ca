// Some of @grafana/ui's dependencies read `process.env` in the browser; Grafana's own bundle defines it.
module.exports = { env: { NODE_ENV: 'production' } };
