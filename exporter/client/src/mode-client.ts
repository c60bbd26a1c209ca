/**
 * Follows the local agent's partition mode over its change stream (`/api/v1/mode/stream`) and
 * answers `mode()` and `canWrite()` from memory, so a request handler never waits on the network.
 *
 * Fail-safe: until the first event, while disconnected, and when the stream falls silent for
 * longer than 2.5 keepalives (a frozen or dead agent keeps no promise), the mode is unknown and
 * `canWrite()` is false — never the last mode heard. Reconnects with jittered exponential backoff.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { parseMode, unknownMode, type PartitionMode } from './mode';
import { SseParser } from './sse-parser';

export interface ModeClientOptions {
  /** The agent: `http://127.0.0.1:9465`, `https://…`, or `unix:/run/netsplit/mode.sock`. */
  agent: string;
  /** Extra request headers (e.g. Authorization when the agent's web config asks for basic auth). */
  headers?: Record<string, string>;
  /** CA for an https agent with a private CA. */
  ca?: string | Buffer;
  /** Silence after which the agent counts as gone; default 2.5 × the keepalive the agent announces (5 s → 12.5 s). */
  silenceMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export type ModeListener = (mode: PartitionMode, previous: PartitionMode) => void;

const STREAM_PATH = '/api/v1/mode/stream';
const DEFAULT_KEEPALIVE_MS = 5000;
const SILENCE_KEEPALIVES = 2.5;

export class ModeClient {
  private current: PartitionMode = unknownMode('not connected to the agent yet');
  private readonly listeners = new Set<ModeListener>();
  private request: ClientRequest | undefined;
  private silenceTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private silenceMs: number;
  private failures = 0;
  private closed = false;

  constructor(private readonly options: ModeClientOptions) {
    this.silenceMs = options.silenceMs ?? SILENCE_KEEPALIVES * DEFAULT_KEEPALIVE_MS;
  }

  /** Connects (and keeps reconnecting until close()). */
  start(): this {
    this.connect();
    return this;
  }

  mode(): PartitionMode {
    return this.current;
  }

  /** True only while the agent says writes are safe on this node's side. */
  canWrite(): boolean {
    return this.current.writesSafe;
  }

  /** Called on every change of role, level or write safety, unknown included. Returns the unsubscribe. */
  onChange(listener: ModeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.silenceTimer);
    clearTimeout(this.retryTimer);
    this.request?.destroy();
  }

  private connect(): void {
    if (this.closed) return;
    const { agent } = this.options;
    const unix = agent.startsWith('unix:') ? agent.slice('unix:'.length) : undefined;
    const url = unix === undefined ? new URL(STREAM_PATH, agent) : undefined;
    const send = url?.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers = { Accept: 'text/event-stream', ...this.options.headers };
    const common = { method: 'GET', headers, ...(this.options.ca === undefined ? {} : { ca: this.options.ca }) };
    const callback = (response: IncomingMessage) => this.follow(response);
    const request = unix === undefined ? send(url!, common, callback) : httpRequest({ ...common, socketPath: unix, path: STREAM_PATH }, callback);
    this.request = request;
    request.on('error', (error) => this.lost(`agent unreachable: ${error.message}`));
    request.end();
    this.watchSilence();
  }

  private follow(response: IncomingMessage): void {
    if (response.statusCode !== 200) {
      response.resume();
      this.lost(`agent answered HTTP ${response.statusCode ?? '?'} on ${STREAM_PATH}`);
      return;
    }
    const parser = new SseParser(
      (event) => {
        if (event.event !== 'mode') return;
        const mode = parseMode(event.data);
        if (mode === undefined) return this.lost('agent sent a mode this client cannot read');
        this.failures = 0;
        this.set(mode);
      },
      (comment) => {
        const announced = /keepalive every (\d+) ms/.exec(comment);
        if (announced && this.options.silenceMs === undefined) this.silenceMs = SILENCE_KEEPALIVES * Number(announced[1]);
      },
    );
    response.on('data', (chunk: Buffer) => {
      this.watchSilence();
      parser.push(chunk);
    });
    response.on('end', () => this.lost('agent closed the stream'));
    response.on('error', (error) => this.lost(`stream failed: ${error.message}`));
  }

  /** Restarts the silence watchdog: any byte from the agent (an event or a keepalive) proves it alive. */
  private watchSilence(): void {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => this.lost(`agent silent for ${this.silenceMs} ms`), this.silenceMs);
    this.silenceTimer.unref();
  }

  private lost(reason: string): void {
    if (this.closed || this.retryTimer !== undefined) return;
    clearTimeout(this.silenceTimer);
    this.request?.destroy();
    this.request = undefined;
    this.set(unknownMode(`${reason} (treat as unknown: no writes)`));
    const min = this.options.minBackoffMs ?? 250;
    const max = this.options.maxBackoffMs ?? 10_000;
    const backoff = Math.min(max, min * 2 ** this.failures);
    this.failures++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, backoff / 2 + Math.random() * (backoff / 2));
    this.retryTimer.unref();
  }

  private set(next: PartitionMode): void {
    const previous = this.current;
    this.current = next;
    if (previous.role === next.role && previous.degradation === next.degradation && previous.writesSafe === next.writesSafe && previous.version === next.version) return;
    for (const listener of this.listeners) listener(next, previous);
  }
}
