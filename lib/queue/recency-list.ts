// Ids ordered by last activity (oldest first) with O(1) renew, remove and oldest lookup: a
// doubly-linked list indexed by a Map. Used for ticket heartbeats and session inactivity in the
// memory store. (Re-inserting into a plain Map would keep the order too, but iterating past the
// deleted slots a poll leaves behind costs O(n) until V8 compacts the table.)

interface Entry {
  id: string;
  at: number;
  older: Entry | null;
  newer: Entry | null;
}

export class RecencyList {
  private readonly entries = new Map<string, Entry>();
  private oldestEntry: Entry | null = null;
  private newestEntry: Entry | null = null;

  get size(): number {
    return this.entries.size;
  }

  get(id: string): number | undefined {
    return this.entries.get(id)?.at;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Records activity at `at` and moves the id to the newest end. Callers pass a non-decreasing clock. */
  renew(id: string, at: number): void {
    const entry = this.entries.get(id);
    if (entry) this.unlink(entry);
    const next: Entry = entry ?? { id, at, older: null, newer: null };
    next.at = at;
    next.older = this.newestEntry;
    next.newer = null;
    if (this.newestEntry) this.newestEntry.newer = next;
    else this.oldestEntry = next;
    this.newestEntry = next;
    this.entries.set(id, next);
  }

  delete(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.unlink(entry);
    this.entries.delete(id);
    return true;
  }

  oldest(): { id: string; at: number } | null {
    return this.oldestEntry ? { id: this.oldestEntry.id, at: this.oldestEntry.at } : null;
  }

  private unlink(entry: Entry): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldestEntry = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.newestEntry = entry.older;
    entry.older = null;
    entry.newer = null;
  }
}
