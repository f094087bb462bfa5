// FIFO line keyed by a monotonic join sequence, with O(log n) rank, head lookup and removal from
// anywhere. A Fenwick tree counts live entries per sequence slot relative to `base`; when sequences
// outgrow the tree it is rebuilt around the live entries (amortised O(1) per insert because the
// capacity doubles relative to the live span). This replaces an array indexOf, which would be O(n)
// per poll with 20,000 people waiting.

const INITIAL_CAPACITY = 1024;

export class OrderedIndex {
  private base = 0;
  private capacity = INITIAL_CAPACITY;
  private tree = new Int32Array(INITIAL_CAPACITY + 1);
  private maxSeq = -Infinity;
  private readonly entries = new Map<number, string>();

  get size(): number {
    return this.entries.size;
  }

  has(seq: number): boolean {
    return this.entries.has(seq);
  }

  insert(seq: number, id: string): void {
    if (seq <= this.maxSeq) throw new Error("join sequences must increase");
    if (this.entries.size === 0) this.resize(seq, seq);
    else if (seq - this.base >= this.capacity) this.resize(this.first()!.seq, seq);
    this.maxSeq = seq;
    this.entries.set(seq, id);
    this.add(seq - this.base + 1, 1);
  }

  remove(seq: number): boolean {
    if (!this.entries.delete(seq)) return false;
    this.add(seq - this.base + 1, -1);
    return true;
  }

  /** How many live entries joined before `seq` (0 for the head). */
  rankOf(seq: number): number {
    return this.prefix(seq - this.base);
  }

  /** The earliest live entry, found by Fenwick binary lifting (no scan over removed entries). */
  first(): { seq: number; id: string } | null {
    if (this.entries.size === 0) return null;
    let position = 0;
    for (let step = this.capacity; step > 0; step >>= 1) {
      const next = position + step;
      if (next <= this.capacity && this.tree[next] < 1) position = next;
    }
    const seq = this.base + position;
    return { seq, id: this.entries.get(seq)! };
  }

  private resize(base: number, incomingSeq: number): void {
    let capacity = INITIAL_CAPACITY;
    while (capacity <= (incomingSeq - base) * 2) capacity *= 2;
    this.base = base;
    this.capacity = capacity;
    this.tree = new Int32Array(capacity + 1);
    for (const seq of this.entries.keys()) this.add(seq - base + 1, 1);
  }

  private add(position: number, delta: number): void {
    for (let i = position; i <= this.capacity; i += i & -i) this.tree[i] += delta;
  }

  /** Sum of counts in slots 1..position. */
  private prefix(position: number): number {
    let sum = 0;
    for (let i = Math.min(position, this.capacity); i > 0; i -= i & -i) sum += this.tree[i];
    return sum;
  }
}
