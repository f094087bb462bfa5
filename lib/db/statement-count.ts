// How many SQL statements this process has sent to the database (every query and write, inside
// transactions too, and the COMMIT Prisma sends as SQL; the BEGIN is the driver's own call and is not
// counted), counted at the driver adapter: GET /metrics shows it
// (portal_db_statements_total), and the benchmarks divide it by the work done (statements per stamp).
import { processSingleton } from "@/lib/process-singleton";

const count = processSingleton("db-statement-count", () => ({ statements: 0 }));

export function statementsSent(): number {
  return count.statements;
}

/** Counts a statement sent outside Prisma (lib/db/driver.ts's hot transactions, BEGIN included). */
export function countStatement(): void {
  count.statements++;
}

type TQueryable = { queryRaw?: (...args: never[]) => Promise<unknown>; executeRaw?: (...args: never[]) => Promise<unknown> };
type TAdapter = TQueryable & { startTransaction?: (...args: never[]) => Promise<TQueryable> };

function countCalls<T extends TQueryable>(target: T): T {
  for (const method of ["queryRaw", "executeRaw"] as const) {
    const original = target[method];
    if (typeof original !== "function") continue;
    (target as Record<string, unknown>)[method] = function (this: unknown, ...args: never[]) {
      count.statements++;
      return original.apply(this === undefined ? target : this, args);
    };
  }
  return target;
}

/** Counts every statement a connected Prisma driver adapter runs, in and outside transactions. */
export function withStatementCount<T>(adapter: T): T {
  const a = adapter as unknown as TAdapter;
  countCalls(a);
  const start = a.startTransaction;
  if (typeof start === "function") {
    a.startTransaction = async function (this: unknown, ...args: never[]) {
      return countCalls(await start.apply(this === undefined ? a : this, args));
    };
  }
  return adapter;
}
