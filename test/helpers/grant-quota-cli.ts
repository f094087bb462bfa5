// Test and benchmark setup: gives an account paid quota the way a settled order does (a CREDITED order and its
// CREDIT ledger entry in one transaction). Usage: tsx --conditions=react-server test/helpers/grant-quota-cli.ts EMAIL UNITS
import { db } from "@/lib/db/client";
import { giveQuota } from "@/test/helpers/factories";

const [email, units] = process.argv.slice(2);
const user = await db().user.findUniqueOrThrow({ where: { email }, select: { id: true } });
await giveQuota(user.id, Number(units));
await db().$disconnect();
