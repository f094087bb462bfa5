// Operator command line:
//   npm run admin -- create-user --email E --password P --role ROLE [--name N]
//   npm run admin -- create-token --email E --name N
//   npm run admin -- disable-user --email E
import { parseArgs } from "node:util";
import { createApiToken } from "@/lib/auth/api-tokens";
import { ZRole } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { createUser } from "@/lib/users/create-user";
import { disableUser } from "@/lib/users/disable-user";
import { ZEmail, ZPassword } from "@/lib/users/register-applicant";
import { runSubcommand } from "./lib/run-subcommand";

const cliActor = { id: null, label: "cli" };

const commands: Record<string, (args: string[]) => Promise<void>> = {
  async "create-user"(args) {
    const { values } = parseArgs({ args, options: { email: { type: "string" }, password: { type: "string" }, role: { type: "string" }, name: { type: "string" } } });
    const email = ZEmail.safeParse(values.email);
    const password = ZPassword.safeParse(values.password);
    const role = ZRole.safeParse(values.role?.toUpperCase());
    if (!email.success) throw new Error("--email: a valid e-mail address is required");
    if (!password.success) throw new Error("--password: at least 10 characters are required");
    if (!role.success) throw new Error("--role: one of APPLICANT, VERIFIER, OPERATOR");
    const user = await createUser({ email: email.data, password: password.data, role: role.data, name: values.name, actor: cliActor });
    console.log(`created ${user.role} ${user.email} (id ${user.id})`);
  },
  async "create-token"(args) {
    const { values } = parseArgs({ args, options: { email: { type: "string" }, name: { type: "string" } } });
    if (!values.email || !values.name) throw new Error("--email and --name are required");
    const user = await db().user.findUnique({ where: { email: values.email.toLowerCase() }, select: { id: true } });
    if (!user) throw new Error(`no account with e-mail ${values.email}`);
    const token = await createApiToken({ userId: user.id, name: values.name, actor: cliActor });
    // Only the token on stdout, so scripts can capture it: TOKEN=$(npm run -s admin -- create-token …)
    console.log(token.secret);
  },
  async "disable-user"(args) {
    const { values } = parseArgs({ args, options: { email: { type: "string" } } });
    if (!values.email) throw new Error("--email is required");
    const user = await db().user.findUnique({ where: { email: values.email.toLowerCase() }, select: { id: true } });
    if (!user) throw new Error(`no account with e-mail ${values.email}`);
    await disableUser({ userId: user.id, actor: cliActor });
    console.log(`disabled ${values.email}: its sessions ended and its API tokens stopped working`);
  },
};

await runSubcommand(commands, process.argv.slice(2), (error) => (isAppError(error) ? error.userMessage.en : null));
