// Operator command: completes orders whose payment notification never arrived, expires unpaid ones, and
// checks that the quota ledger and the account sums agree.
//   npm run reconcile            reconcile once, then check the ledger
//   npm run reconcile -- check   only check the ledger (exit 1 on any mismatch)
import { isAppError } from "@/lib/errors";
import { reconcileOrders } from "@/lib/orders/reconcile-orders";
import { checkQuotaConsistency } from "@/lib/quota/check-quota-consistency";
import { runSubcommand } from "./lib/run-subcommand";

const cliActor = { id: null, label: "cli:reconcile" };

async function check() {
  const report = await checkQuotaConsistency();
  console.log(`ledger: ${report.accountsChecked} accounts checked, ${report.mismatches.length} mismatches, ${report.negative.length} negative columns`);
  for (const m of report.mismatches) console.log(`  mismatch ${m.userId}: ledger ${JSON.stringify(m.ledger)} account ${JSON.stringify(m.account)}`);
  for (const n of report.negative) console.log(`  negative ${n.userId}: ${n.column} = ${n.value}`);
  if (!report.ok) throw new Error("the quota ledger is not consistent");
}

const commands: Record<string, (args: string[]) => Promise<void>> = {
  async run() {
    const report = await reconcileOrders({ actor: cliActor });
    console.log(`reconcile: checked ${report.checked}, credited ${report.credited}, expired ${report.expired}, failed ${report.failed}, errors ${report.errors.length}`);
    for (const e of report.errors) console.log(`  ${e.orderId}: ${e.message}`);
    await check();
    if (report.errors.length) process.exitCode = 1;
  },
  check,
};

const argv = process.argv.slice(2);
await runSubcommand(commands, argv.length ? argv : ["run"], (error) => (isAppError(error) ? error.userMessage.en : null));
