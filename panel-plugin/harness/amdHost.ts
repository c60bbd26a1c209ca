/**
 * A tiny AMD host: what Grafana's SystemJS does for a panel's `module.js`, and no more.
 * The plugin calls `define([...deps], factory)`; deps are served from the harness bundle's own
 * copies of React, @grafana/* and @emotion/*, exactly the modules the plugin leaves to the host.
 */
type Factory = (...deps: unknown[]) => unknown;
type AmdDefine = ((deps: string[] | Factory, factory?: Factory) => void) & { amd: object };

export function loadAmdModule(url: string, shared: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const define = ((deps: string[] | Factory, factory?: Factory) => {
      const names = Array.isArray(deps) ? deps : [];
      const body = (Array.isArray(deps) ? factory : deps) as Factory;
      const missing = names.filter((name) => !(name in shared));
      if (missing.length > 0) {
        reject(new Error(`${url} needs modules the host does not provide: ${missing.join(', ')}`));
        return;
      }
      resolve(body(...names.map((name) => shared[name])) as Record<string, unknown>);
    }) as AmdDefine;
    define.amd = {};
    (window as unknown as { define: AmdDefine }).define = define;
    const script = document.createElement('script');
    script.src = url;
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.appendChild(script);
  });
}
