/** Runs the configured TCP checks every probes.interval, each with its own deadline. */
import { isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import { withDeadline } from './deadline';
import { probeTcp, TCP_RESULTS } from './tcp';
import type { ProbeServiceFactory } from './service';

export const createTcpService: ProbeServiceFactory = ({ config, metrics }) => {
  const targets = config.targets.tcp;
  if (targets.length === 0) return undefined;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<unknown> = Promise.resolve();

  async function probeAll(): Promise<void> {
    await Promise.all(
      targets.map(async (target) => {
        const deadlineMs = target.timeout ?? config.probes.timeoutMs;
        const started = Date.now();
        // Name resolution counts against the deadline, like everything else a probe does.
        const host = await resolveWithin(target.address.host, deadlineMs);
        if (host === undefined) {
          record(target.name, { result: 'unreachable', durationSeconds: (Date.now() - started) / 1000 });
          return;
        }
        record(target.name, await probeTcp({ host, port: target.address.port }, Math.max(1, deadlineMs - (Date.now() - started))));
      }),
    );
  }

  function record(name: string, observation: { result: (typeof TCP_RESULTS)[number]; durationSeconds: number }): void {
    metrics.tcpProbeSuccess.set({ target: name }, observation.result === 'ok' ? 1 : 0);
    metrics.tcpProbeDuration.set({ target: name }, observation.durationSeconds);
    for (const result of TCP_RESULTS) metrics.tcpProbeResult.set({ target: name, result }, observation.result === result ? 1 : 0);
  }

  return {
    name: 'tcp',
    start() {
      round = probeAll();
      timer = setInterval(() => {
        round = probeAll();
      }, config.probes.intervalMs);
    },
    async stop() {
      clearInterval(timer);
      await round;
    },
    facts: () => ({}),
  };
};

/** The address to connect to, or undefined when the name does not resolve within the deadline. */
function resolveWithin(host: string, deadlineMs: number): Promise<string | undefined> {
  if (isIP(host)) return Promise.resolve(host);
  return withDeadline(
    deadlineMs,
    () => lookup(host).then((answer) => answer.address, () => undefined),
    () => undefined,
  );
}
