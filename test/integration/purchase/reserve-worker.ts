// A separate process that reserves quota in parallel (for multi-process.test.ts). Prints one JSON line.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { reserveQuota } from "@/lib/quota";

const [userId, count] = process.argv.slice(2);
const results = await Promise.allSettled(Array.from({ length: Number(count) }, () => reserveQuota({ userId: userId!, affixJobId: `mp-${randomUUID()}`, units: 1 })));
const errors = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => (r.reason as { code?: string; message?: string }).code ?? String(r.reason?.message));
console.log(JSON.stringify({ ok: results.filter((r) => r.status === "fulfilled").length, errors }));
await db().$disconnect();
