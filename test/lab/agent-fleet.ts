/**
 * The agents of a lab, read together: every agent's summary, roles and links, polled until they
 * match an expectation (with the last state shown on failure), and time to detect / heal.
 */
import type { Lab } from './lab';
import { agentService, type AgentOptions, type RunningAgent } from './agent-service';
import { roleOf, summarizeAgent, type AgentSummary } from './agent-summary';
import { select, valueOf, type Sample } from './prometheus-text';
import { poll, waitForEqual, waitUntil, type Observed, type WaitOptions } from './wait-for';
import { isDeepStrictEqual } from 'node:util';

export class AgentFleet {
  private constructor(
    readonly lab: Lab,
    /** Replaced in place by restart(), so holders of this array (the public gateway) see the new agent. */
    readonly agents: RunningAgent[],
    private readonly options: AgentOptions,
  ) {}

  /** Starts an agent on every host and waits until every one is ready and sees all others. */
  static async start(lab: Lab, options: AgentOptions, wait: WaitOptions = { timeoutMs: 30_000 }): Promise<AgentFleet> {
    const fleet = new AgentFleet(lab, await lab.startOnEveryHost(agentService(options)), options);
    await fleet.waitUntilHealthy(wait);
    return fleet;
  }

  /** SIGKILL: the agent dies as in a crash or a host reboot (no goodbye); restart() brings it back. */
  kill(name: string): void {
    this.agent(name).process.signal('SIGKILL');
  }

  /** Stops the agent (SIGTERM, or reaps a killed one) and starts a fresh process on the same host. */
  async restart(name: string): Promise<RunningAgent> {
    const old = this.agent(name);
    await old.stop();
    const fresh = await this.lab.startService(agentService(this.options), old.host);
    this.agents[this.agents.indexOf(old)] = fresh;
    return fresh;
  }

  get names(): string[] {
    return this.agents.map((a) => a.name);
  }

  agent(name: string): RunningAgent {
    const agent = this.agents.find((a) => a.name === name);
    if (agent === undefined) throw new Error(`no agent ${name}`);
    return agent;
  }

  /** Agents to read: all but the `except`ed (frozen ones cannot answer). */
  private reading(except: readonly string[]): RunningAgent[] {
    return this.agents.filter((a) => !except.includes(a.name));
  }

  async metricsOf(except: readonly string[] = []): Promise<Record<string, Sample[]>> {
    return Object.fromEntries(await Promise.all(this.reading(except).map(async (a) => [a.name, await a.metrics()] as const)));
  }

  /** Every agent's summary (metrics + view), keyed by node name. */
  async summaries(except: readonly string[] = []): Promise<Record<string, AgentSummary>> {
    return Object.fromEntries(
      await Promise.all(
        this.reading(except).map(async (a) => {
          const [samples, view] = await Promise.all([a.metrics(), a.view()]);
          return [a.name, summarizeAgent(samples, view)] as const;
        }),
      ),
    );
  }

  /** Every agent's role from /metrics. */
  async roles(except: readonly string[] = []): Promise<Record<string, string>> {
    const metrics = await this.metricsOf(except);
    return Object.fromEntries(Object.entries(metrics).map(([name, samples]) => [name, roleOf(samples)]));
  }

  /** Every agent's degradation level from /metrics. */
  async levels(except: readonly string[] = []): Promise<Record<string, number | null>> {
    const metrics = await this.metricsOf(except);
    return Object.fromEntries(Object.entries(metrics).map(([name, samples]) => [name, valueOf(samples, 'netsplit_degradation_level') ?? null]));
  }

  /** Polls the summaries until they equal `expected`; returns the last seen (the test asserts). */
  waitForSummaries(expected: Record<string, AgentSummary>, options: WaitOptions & { except?: string[] } = {}): Promise<Record<string, AgentSummary> | undefined> {
    return waitForEqual(() => this.summaries(options.except), expected, { timeoutMs: 15_000, intervalMs: 100, ...options });
  }

  /** Polls the roles until they equal `expected`. */
  waitForRoles(expected: Record<string, string>, options: WaitOptions & { except?: string[] } = {}): Promise<Observed<Record<string, string>>> {
    return poll(() => this.roles(options.except), (roles) => isDeepStrictEqual(roles, expected), { timeoutMs: 15_000, intervalMs: 25, ...options });
  }

  /** Waits until every agent is ready and healthy; throws with the last seen roles otherwise. */
  async waitUntilHealthy(options: WaitOptions = {}): Promise<void> {
    const healthy = Object.fromEntries(this.names.map((n) => [n, 'healthy']));
    await waitUntil('every agent healthy', () => this.roles(), (roles) => isDeepStrictEqual(roles, healthy), { timeoutMs: 20_000, intervalMs: 100, ...options });
  }

  /** link_up{source,target} as the target agent exports it: 1, 0, or undefined (absent = unknown). */
  async linkUp(source: string, target: string): Promise<number | undefined> {
    return valueOf(await this.agent(target).metrics(), 'netsplit_link_up', { source, target });
  }

  /** Heartbeat rejections at an agent, by reason. */
  async rejected(name: string): Promise<Record<string, number>> {
    return Object.fromEntries(select(await this.agent(name).metrics(), 'netsplit_heartbeat_rejected_total').map((s) => [s.labels.reason!, s.value]));
  }
}
