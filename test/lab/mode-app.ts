/**
 * A stand-in application for the lab: it follows its node's agent through the mode client
 * (exporter/client) and prints one JSON line per change it sees, stamped with its own clock
 * (`at`, Date.now() — the same kernel clock as the agent's log times). Run inside a lab host:
 * `node --import tsx test/lab/mode-app.ts http://10.x.y.z:9465`.
 */
import { ModeClient } from '../../exporter/client/src';

const agent = process.argv[2];
if (agent === undefined) {
  console.error('usage: mode-app.ts <agent URL>');
  process.exit(2);
}
const client = new ModeClient({ agent, minBackoffMs: 100, maxBackoffMs: 1000 }).start();
client.onChange((mode, previous) => console.log(JSON.stringify({ at: Date.now(), role: mode.role, writesSafe: mode.writesSafe, previous: previous.role, reason: mode.reason })));
console.log(JSON.stringify({ at: Date.now(), started: agent }));
process.on('SIGTERM', () => {
  client.close();
  process.exit(0);
});
