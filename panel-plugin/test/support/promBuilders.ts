import type { PromSuccess } from '../../../test/browser/fixtures/prometheusApi';

export const at = Date.UTC(2026, 10, 26, 10, 5, 7) / 1000;

/** An instant-vector answer: one series per [labels, value] pair, all at `time`. */
export function vector(name: string | null, series: Array<[Record<string, string>, string]>, time = at): PromSuccess {
  return {
    status: 'success',
    data: {
      resultType: 'vector',
      result: series.map(([labels, value]) => ({ metric: name === null ? labels : { __name__: name, ...labels }, value: [time, value] })),
    },
  };
}

/** link_up rows exported by their target agent: "n1>n2" = 1 means n2 hears n1. */
export function links(states: Record<string, string>): PromSuccess {
  return vector(
    'netsplit_link_up',
    Object.entries(states).map(([pair, value]) => {
      const [source, target] = pair.split('>') as [string, string];
      return [{ source, target, netsplit_node: target, netsplit_cluster: 'c' }, value];
    }),
  );
}

/** Every directed pair among `names`, up unless listed in `down`. */
export function mesh(names: string[], down: string[] = []): Record<string, string> {
  const states: Record<string, string> = {};
  for (const source of names) for (const target of names) if (source !== target) states[`${source}>${target}`] = down.includes(`${source}>${target}`) ? '0' : '1';
  return states;
}
