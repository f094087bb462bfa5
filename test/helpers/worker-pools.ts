// Worker threads started by the code under test (PDF stamping, verification) keep message ports open;
// a test file that used them closes them so its process can end.
export async function closeWorkerPools() {
  const { getPdfPool } = await import("@/lib/pdf/pool");
  const { verifyPool } = await import("@/lib/verification/verify-pool");
  await Promise.all([getPdfPool().close(), verifyPool().close()]);
}
