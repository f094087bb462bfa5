import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { apiHandler } from "@/lib/edge/api-handler";
import { readMultipart } from "@/lib/http/read-multipart";
import { collectUploads } from "@/lib/verification/collect-uploads";
import { listVerificationBatches, startVerificationBatch } from "@/lib/verification/verification-batches";

export const dynamic = "force-dynamic";

const roles = ["VERIFIER", "OPERATOR"] as const;

// POST /api/v1/verify/batches (session or token; VERIFIER/OPERATOR): multipart `file` parts (PDFs and/or ZIPs)
// → 202 { batchId }; the batch is verified in the background, poll GET /api/v1/verify/batches/{batchId}.
export const POST = apiHandler({ auth: "optional", roles }, async ({ request, user }) => {
  const limits = env().verifyBatch;
  const form = await readMultipart(request, limits.maxBytes, { maxParts: limits.maxFiles + 16 });
  const { entries, hadZip } = await collectUploads(form.files("file"), limits, { owner: `account:${user!.id}` });
  const { batchId } = await startVerificationBatch({ userId: user!.id, actor: { id: user!.id, label: user!.email }, source: hadZip ? "ZIP" : "UPLOAD", entries });
  return NextResponse.json({ batchId, fileCount: entries.length }, { status: 202 });
});

// GET /api/v1/verify/batches: the caller's own batches, newest first.
export const GET = apiHandler({ auth: "optional", roles }, async ({ user }) => {
  return NextResponse.json({ batches: await listVerificationBatches({ userId: user!.id }) }, { headers: { "Cache-Control": "no-store" } });
});
