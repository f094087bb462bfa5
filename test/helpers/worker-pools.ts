// Worker threads started by the code under test (PDF stamping, verification) keep message ports open;
// a test file that used them closes them so its process can end.
import { peekProcessSingleton, setProcessSingleton } from "@/lib/process-singleton";

export async function closeWorkerPools() {
  await Promise.all(
    ["pdf-pool", "verify-pool"].map(async (name) => {
      const pool = peekProcessSingleton<{ close(): Promise<void> }>(name);
      setProcessSingleton(name, undefined);
      await pool?.close();
    }),
  );
}
