/**
 * Numbers for some cells of an n × n matrix, keyed by cell index. RTT and "since" exist only
 * for links that have series: every link with all links exported, a few thousand among a
 * million cells in the down-only mode at 1000 nodes — where two dense n² Float64Arrays cost
 * more in first-touch page faults than everything else the view model does. So: a plain
 * array when many cells have values, else an open-addressing hash on typed arrays.
 */
export class CellValues {
  /** Dense: a value per cell. Sparse: a value per slot. */
  private readonly values: Float64Array;
  /** Dense: 1 = the cell has a value. Sparse: cell index + 1 per slot, 0 = empty slot. */
  private readonly keys: Uint8Array | Int32Array;
  private readonly dense: boolean;
  private readonly mask: number;
  /** Fibonacci hashing takes the product's top bits: 32 − log2(slots). */
  private readonly shift: number;

  /** `capacity`: at most this many distinct cells will be set, among `cells`. */
  constructor(capacity: number, cells: number) {
    this.dense = capacity * 4 >= cells;
    if (this.dense) {
      this.values = new Float64Array(cells);
      this.keys = new Uint8Array(cells);
      this.mask = 0;
      this.shift = 0;
      return;
    }
    let size = 16;
    let bits = 4;
    while (size < capacity * 2) {
      size *= 2;
      bits++;
    }
    this.values = new Float64Array(size);
    this.keys = new Int32Array(size);
    this.mask = size - 1;
    this.shift = 32 - bits;
  }

  set(cell: number, value: number): void {
    const slot = this.dense ? cell : this.slotOf(cell);
    this.keys[slot] = this.dense ? 1 : cell + 1;
    this.values[slot] = value;
  }

  /** The value set for `cell`; undefined when none was. */
  get(cell: number): number | undefined {
    const slot = this.dense ? cell : this.slotOf(cell);
    return this.keys[slot] === 0 ? undefined : this.values[slot];
  }

  /** The cell's slot, or the empty slot where it would go (the table is never full). */
  private slotOf(cell: number): number {
    const key = cell + 1;
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.keys[slot] !== 0 && this.keys[slot] !== key) slot = (slot + 1) & this.mask;
    return slot;
  }
}
