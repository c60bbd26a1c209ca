/** A HostService running mode-app.ts beside the host's agent: what an application sees of the partition mode. */
import { join } from 'node:path';
import { AGENT_PORT } from './agent-service';
import type { HostService, RunningService } from './host-service';
import type { LabProcess } from './lab-process';

const APP_SCRIPT = join(__dirname, 'mode-app.ts');

export interface ModeChange {
  /** The application's clock when the client reported the change (ms since the epoch). */
  at: number;
  role: string;
  writesSafe: boolean;
  previous: string;
  reason: string;
}

export interface RunningModeApp extends RunningService {
  process: LabProcess;
  /** Every change the application's client reported, oldest first. */
  changes(): ModeChange[];
  /** The mode the application acts on now. */
  current(): ModeChange | undefined;
}

export function modeAppService(): HostService<RunningModeApp> {
  return {
    kind: 'mode-app',
    async start(context) {
      const agentUrl = `http://${context.host.address}:${AGENT_PORT}`;
      const child = context.spawn(`mode-app ${context.host.name}`, process.execPath, ['--import', 'tsx', APP_SCRIPT, agentUrl]);
      await child.waitForLine((line) => line.text.includes('"started"'), 20_000, 'mode-app start line');
      const changes = (): ModeChange[] =>
        child.lines.filter((line) => line.stream === 'stdout' && line.text.includes('"role"')).map((line) => JSON.parse(line.text) as ModeChange);
      return {
        kind: 'mode-app',
        host: context.host,
        mainProcess: child,
        process: child,
        changes,
        current: () => changes().at(-1),
        stop: async () => {
          await child.stop();
        },
      };
    },
  };
}
