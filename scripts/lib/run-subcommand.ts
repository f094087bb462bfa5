import { db } from "@/lib/db/client";

/** Runs `commands[argv[0]]`, prints a one-line error (no stack) for expected failures, exits non-zero on failure. */
export async function runSubcommand(
  commands: Record<string, (args: string[]) => Promise<void>>,
  argv: string[],
  describe: (error: unknown) => string | null,
) {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(`usage: one of ${Object.keys(commands).join(", ")}`);
    process.exit(2);
  }
  try {
    await command(args);
    await db().$disconnect();
  } catch (error) {
    console.error(`error: ${describe(error) ?? (error as Error).message}`);
    await db().$disconnect().catch(() => {});
    process.exit(1);
  }
}
