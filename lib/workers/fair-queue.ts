// Tasks waiting for a worker, served round robin per owner (an account, or a client address): one owner
// with a thousand tasks queued (a bulk verification, or someone sending expensive files on purpose) does
// not make another owner's single task wait behind all of them. Tasks taken back from a worker that could
// not start them go first: they already had their turn.

export class FairQueue<T> {
  private readonly byOwner = new Map<string, T[]>();
  private ring: string[] = [];
  private next = 0;
  private readonly first: T[] = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(owner: string, item: T): void {
    let line = this.byOwner.get(owner);
    if (!line) {
      line = [];
      this.byOwner.set(owner, line);
      this.ring.push(owner);
    }
    line.push(item);
    this.count++;
  }

  /** Items that must go before any owner's line (in this order). */
  pushFirst(...items: T[]): void {
    this.first.unshift(...items);
    this.count += items.length;
  }

  shift(): T | undefined {
    if (this.first.length) {
      this.count--;
      return this.first.shift();
    }
    for (let tried = 0; tried < this.ring.length; tried++) {
      this.next %= this.ring.length;
      const owner = this.ring[this.next];
      const line = this.byOwner.get(owner)!;
      const item = line.shift();
      if (line.length === 0) {
        this.byOwner.delete(owner);
        this.ring.splice(this.next, 1);
      } else {
        this.next++;
      }
      if (item !== undefined) {
        this.count--;
        return item;
      }
    }
    return undefined;
  }

  /** Empties the queue, returning everything that was in it. */
  drain(): T[] {
    const all = [...this.first.splice(0), ...[...this.byOwner.values()].flat()];
    this.byOwner.clear();
    this.ring = [];
    this.next = 0;
    this.count = 0;
    return all;
  }
}
