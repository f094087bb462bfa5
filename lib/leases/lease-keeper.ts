import "server-only";
// Background work that must run once per cluster (probes, reconciliation, maintenance transitions,
// the stale-job sweeper, retention) runs under a lease: a row in the Lease table naming the node that
// holds it until `expiresAt`. The holder renews its leases every RENEW_MS; a node that dies stops
// renewing, and once the lease has expired the next node that asks takes it over.
//
// Failover bound: a dead holder's work resumes on another node at most TTL_MS (30 s) after its last
// renewal, plus that job's own interval (its next tick on the new node). A holder that cannot reach
// the database stops believing it holds a lease SAFETY_MS before the lease could be taken from it,
// so two nodes never both believe they hold one (given clocks within a few seconds, as NTP keeps them).
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/database-errors";
import { processSingleton } from "@/lib/process-singleton";

export const LEASE_TTL_MS = 30_000;

export type TLeaseKeeperOptions = { holder?: string; ttlMs?: number };

export class LeaseKeeper {
  readonly holder: string;
  private readonly ttlMs: number;
  private readonly renewMs: number;
  private readonly safetyMs: number;
  /** Lease name → until when this node may act on it (its own clock). */
  private readonly held = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(options: TLeaseKeeperOptions = {}) {
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
    this.ttlMs = options.ttlMs ?? LEASE_TTL_MS;
    this.renewMs = Math.floor(this.ttlMs / 3);
    this.safetyMs = Math.floor(this.ttlMs / 10);
  }

  /**
   * True when this node holds `name` now (taking it when it is free or expired). Call at each tick of
   * the job and do the work only when true. Cheap while held: no database call until renewal is due.
   */
  async hold(name: string): Promise<boolean> {
    if (this.stopped) return false;
    const until = this.held.get(name);
    if (until !== undefined && Date.now() < until - this.renewMs) return true;
    return this.acquire(name);
  }

  /** Whether this node may still act on `name`, without asking the database (for long-running work). */
  holds(name: string): boolean {
    const until = this.held.get(name);
    return until !== undefined && Date.now() < until;
  }

  /** Gives every lease up at once (graceful drain): another node takes the work over at its next tick. */
  async releaseAll(): Promise<void> {
    this.stopped = true;
    this.stopRenewing();
    const names = [...this.held.keys()];
    this.held.clear();
    if (names.length) await db().lease.deleteMany({ where: { name: { in: names }, holder: this.holder } });
  }

  /** Stops renewing without releasing (tests: what a node that dies looks like to the others). */
  abandon(): void {
    this.stopped = true;
    this.stopRenewing();
    this.held.clear();
  }

  private async acquire(name: string): Promise<boolean> {
    const startedAt = Date.now();
    const expiresAt = new Date(startedAt + this.ttlMs);
    try {
      const { count } = await db().lease.updateMany({
        where: { name, OR: [{ holder: this.holder }, { expiresAt: { lt: new Date(startedAt) } }] },
        data: { holder: this.holder, expiresAt },
      });
      if (count === 0) {
        try {
          await db().lease.create({ data: { name, holder: this.holder, expiresAt }, select: { name: true } });
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          this.held.delete(name); // someone else holds it
          return false;
        }
      }
      // Counted from before the request was sent: the row may have been written at any point since.
      this.held.set(name, startedAt + this.ttlMs - this.safetyMs);
      this.startRenewing();
      return !this.stopped;
    } catch (error) {
      // Database unreachable: keep acting only while the lease surely still stands (holds()).
      if (!this.holds(name)) this.held.delete(name);
      console.error(`[leases] ${name}: could not renew: ${(error as Error).message.split("\n")[0]}`);
      return this.holds(name);
    }
  }

  private startRenewing() {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => {
      for (const name of this.held.keys()) void this.acquire(name);
    }, this.renewMs);
    this.timer.unref();
  }

  private stopRenewing() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** This process's lease keeper (one holder identity per node). */
export function leaseKeeper(): LeaseKeeper {
  return processSingleton("lease-keeper", () => new LeaseKeeper());
}

/** Runs `work` only if this node holds the lease `name`; the answer says whether it ran. */
export async function runUnderLease(name: string, work: () => Promise<unknown>, keeper: LeaseKeeper = leaseKeeper()): Promise<boolean> {
  if (!(await keeper.hold(name))) return false;
  await work();
  return true;
}
