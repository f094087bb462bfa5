// Demo data: one account of each role (printed), used by `npm run demo` and by the e2e tests.
// Idempotent: running it again keeps existing accounts.
import { db } from "@/lib/db/client";
import { seedDemo } from "@/lib/seed/seed-demo";
import { ensureStatusComponents } from "@/lib/status/ensure-components";

const accounts = await seedDemo();
// The status page's demo data is its six components.
await ensureStatusComponents();
console.log("\nDemo accounts (e-mail / password):");
for (const a of accounts) console.log(`  ${a.role.padEnd(9)} ${a.email.padEnd(28)} ${a.password}`);
await db().$disconnect();
