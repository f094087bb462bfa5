// Small builders for integration tests, going through the same use cases as the app.
import { randomBytes } from "node:crypto";
import type { TRole } from "@/lib/auth/roles";
import { createUser } from "@/lib/users/create-user";

export function uniqueEmail(prefix = "user") {
  return `${prefix}-${randomBytes(4).toString("hex")}@test.local`;
}

export async function makeUser(role: TRole = "APPLICANT", password = "correct horse battery") {
  const user = await createUser({ email: uniqueEmail(role.toLowerCase()), password, role, actor: { id: null, label: "test" } });
  return { ...user, password };
}
