// Cluster test and benchmark setup: N applicants with confirmed addresses (as an operator creates them:
// registering would wait for each e-mail to be confirmed), each with an API token, printed as JSON. Usage: tsx --conditions=react-server test/helpers/make-accounts-cli.ts N PREFIX
import { randomBytes } from "node:crypto";
import { createApiToken } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/users/create-user";

const [count, prefix = "pemohon"] = process.argv.slice(2);
const accounts: { email: string; token: string }[] = [];
for (let i = 0; i < Number(count); i++) {
  const email = `${prefix}-${i}-${randomBytes(3).toString("hex")}@cluster.local`;
  const user = await createUser({ email, password: "cluster-password-123", role: "APPLICANT", name: `Pemohon ${i}`, actor: { id: null, label: "cluster setup" } });
  const token = await createApiToken({ userId: user.id, name: "cluster", actor: { id: user.id, label: email } });
  accounts.push({ email, token: token.secret });
}
await db().$disconnect();
console.log(JSON.stringify(accounts));
