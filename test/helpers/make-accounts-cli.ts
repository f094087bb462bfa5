// Test and benchmark setup, run in a server's environment (its DATA_DIR / DATABASE_URL): N applicants with
// confirmed addresses (as an operator creates them: registering would wait for each e-mail to be
// confirmed), each with an API token and, if asked, UNITS of paid quota (credited the way a settled order
// is), printed as JSON [{ email, token }].
// Usage: tsx --conditions=react-server test/helpers/make-accounts-cli.ts N [PREFIX] [UNITS]
import { randomBytes } from "node:crypto";
import { createApiToken } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/users/create-user";
import { giveQuota } from "./factories";

const [count, prefix = "pemohon", units = "0"] = process.argv.slice(2);
const accounts: { email: string; token: string }[] = [];
for (let i = 0; i < Number(count); i++) {
  const email = `${prefix}-${i}-${randomBytes(3).toString("hex")}@accounts.local`;
  const user = await createUser({ email, password: "accounts-password-123", role: "APPLICANT", name: `Pemohon ${i}`, actor: { id: null, label: "test setup" } });
  if (Number(units) > 0) await giveQuota(user.id, Number(units));
  const token = await createApiToken({ userId: user.id, name: "test setup", actor: { id: user.id, label: email } });
  accounts.push({ email, token: token.secret });
}
await db().$disconnect();
console.log(JSON.stringify(accounts));
