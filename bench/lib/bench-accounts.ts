// Benchmark setup, run in the server's environment (its DATA_DIR / DATABASE_URL): N applicant accounts,
// each with an API token and `units` of paid quota (credited the way a settled order is). Prints the
// tokens as JSON. Usage: tsx --conditions=react-server bench/lib/bench-accounts.ts PREFIX COUNT UNITS
import { randomBytes } from "node:crypto";
import { createApiToken } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/users/create-user";
import { giveQuota } from "@/test/helpers/factories";

const [prefix, count, units] = process.argv.slice(2);
const actor = { id: null, label: "bench" };
const tokens: string[] = [];
for (let i = 0; i < Number(count); i++) {
  const user = await createUser({ email: `${prefix}-${i}-${randomBytes(3).toString("hex")}@bench.local`, password: "bench-password-1", role: "APPLICANT", actor });
  if (Number(units) > 0) await giveQuota(user.id, Number(units));
  tokens.push((await createApiToken({ userId: user.id, name: "bench", actor: { id: user.id, label: user.email } })).secret);
}
console.log(JSON.stringify(tokens));
await db().$disconnect();
