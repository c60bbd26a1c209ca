/** netsplit-mode-client: an application's view of its node's partition mode (docs/api.md § Partition mode). */
export { ModeClient, type ModeClientOptions, type ModeListener } from './mode-client';
export { parseMode, unknownMode, type PartitionMode, type Role } from './mode';
export { SseParser, type SseEvent } from './sse-parser';
