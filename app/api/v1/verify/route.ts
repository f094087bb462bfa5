import { env } from "@/lib/env";
import { apiHandler, jsonResponse } from "@/lib/edge/api-handler";
import { ZVerifyAnswer } from "@/lib/openapi/verify-schemas";
import { readMultipart, type TUploadedFile } from "@/lib/http/read-multipart";
import { releaseSharedBytes } from "@/lib/http/upload-memory";
import { collectUploads, isZip } from "@/lib/verification/collect-uploads";
import type { TDocumentFacts } from "@/lib/verification/document-facts";
import { verifyAndRecord } from "@/lib/verification/verification-batches";
import { verifyPool } from "@/lib/verification/verify-pool";

export const dynamic = "force-dynamic";

// POST /api/v1/verify (Bearer token, VERIFIER or OPERATOR): multipart with one or more `file` parts
// (PDFs, or ZIPs of PDFs) → { batchId, results: [{ file, sha256, verdict, reason, stamps }] }.
// Applicants use the public page or /api/v1/verify/public (one file, rate-limited) instead.
export const POST = apiHandler({ auth: "token", roles: ["VERIFIER", "OPERATOR"] }, async ({ request, user }) => {
  const limits = env().verifyBatch;
  // Each PDF goes to the worker pool as soon as its part has arrived, while the rest is still uploading.
  const pool = await verifyPool();
  const started = new Map<TUploadedFile, Promise<TDocumentFacts>>();
  const form = await readMultipart(request, limits.maxBytes, {
    maxParts: limits.maxFiles + 16,
    sharedMemory: true,
    onFile: (file) => {
      if (file.field === "file" && !isZip(file.filename, file.bytes)) started.set(file, pool.facts(file.bytes, `account:${user!.id}`));
    },
  });
  const { entries } = await collectUploads(form.files("file"), limits, { started, owner: `account:${user!.id}` });
  const { batchId, results } = await verifyAndRecord({ userId: user!.id, actor: { id: user!.id, label: user!.email }, entries });
  // The files' memory goes back for the next upload once no worker reads it (lib/http/upload-memory.ts).
  // On a failure before this point it is left to the garbage collector instead.
  await Promise.allSettled(started.values());
  releaseSharedBytes(form.files("file").map((file) => file.bytes));
  return jsonResponse(
    ZVerifyAnswer,
    {
      batchId,
      results: results.map((r) => ({
        file: r.file,
        sha256: r.sha256,
        verdict: r.verdict,
        reason: r.reason.detail,
        reasonCode: r.reason.code,
        registryConsulted: r.registryConsulted,
        stamps: r.stamps,
      })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
});
