/** Heartbeats signed and verified per second on one core (HMAC-SHA256, the codec's whole path). */
import { decodeHeartbeat, encodeHeartbeat } from '../src/mesh/heartbeat-codec';
import { timeSync, type BenchRow } from './harness';

export async function run(): Promise<BenchRow[]> {
  const secret = Buffer.from('0123456789abcdef0123456789abcdef');
  const batch = 10_000;
  let seq = 0;
  const summary = timeSync(() => {
    for (let i = 0; i < batch; i++) {
      const datagram = encodeHeartbeat({ cluster: 'prod-us', sender: 'node-east-1', recipient: 'node-east-2', epoch: 1795680000000, seq: ++seq, sentAt: 1795680000000 + seq, echo: 1795670000000 }, secret);
      if (!decodeHeartbeat(datagram, secret).ok) throw new Error('verification failed');
    }
  }, 7, 2);
  const perSecond = (ms: number) => (batch / ms) * 1000;
  return [{ bench: 'heartbeat', case: 'sign+verify', unit: 'ops/s', median: perSecond(summary.median), min: perSecond(summary.max), max: perSecond(summary.min), samples: summary.samples, target: '(200 peers at 500ms need 400/s)' }];
}
