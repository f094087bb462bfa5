// Cluster test and benchmark setup: registers N applicants the way the sign-up page does, each with an
// API token, and prints them as JSON. Usage: tsx --conditions=react-server test/helpers/make-accounts-cli.ts N PREFIX
import { randomBytes } from "node:crypto";
import { createApiToken } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db/client";
import { registerApplicant } from "@/lib/users/register-applicant";

const [count, prefix = "pemohon"] = process.argv.slice(2);
const accounts: { email: string; token: string }[] = [];
for (let i = 0; i < Number(count); i++) {
  const email = `${prefix}-${i}-${randomBytes(3).toString("hex")}@cluster.local`;
  const user = await registerApplicant({ email, password: "cluster-password-123", name: `Pemohon ${i}` });
  const token = await createApiToken({ userId: user.id, name: "cluster", actor: { id: user.id, label: email } });
  accounts.push({ email, token: token.secret });
}
await db().$disconnect();
console.log(JSON.stringify(accounts));
