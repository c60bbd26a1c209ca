/**
 * Splits a byte stream into lines (the Kubernetes watch stream is one JSON object per line),
 * bounded: a line longer than the limit is an error, not a growing buffer.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly maxLineBytes: number) {}

  /** The complete lines in `chunk` (with what came before); throws when a line exceeds the limit. */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, end);
      this.check(this.pendingBytes + piece.length);
      lines.push(Buffer.concat([...this.pending, piece]).toString('utf8'));
      this.pending = [];
      this.pendingBytes = 0;
      start = end + 1;
    }
    const rest = chunk.subarray(start);
    this.check(this.pendingBytes + rest.length);
    if (rest.length > 0) {
      this.pending.push(rest);
      this.pendingBytes += rest.length;
    }
    return lines.filter((line) => line.trim() !== '');
  }

  private check(bytes: number): void {
    if (bytes > this.maxLineBytes) throw new Error(`a line of more than ${this.maxLineBytes} bytes`);
  }
}
