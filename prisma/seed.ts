// Demo data: one account of each role (printed), used by `npm run demo` and by the e2e tests.
// Idempotent: running it again keeps existing accounts.
import { db } from "@/lib/db";
import { seedDemo } from "@/lib/seed/seed-demo";
import "@/lib/status/seed-status";

const accounts = await seedDemo();
console.log("\nDemo accounts (e-mail / password):");
for (const a of accounts) console.log(`  ${a.role.padEnd(9)} ${a.email.padEnd(28)} ${a.password}`);
await db().$disconnect();
