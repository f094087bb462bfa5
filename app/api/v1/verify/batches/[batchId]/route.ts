import { NextResponse } from "next/server";
import { z } from "zod";
import { apiHandler } from "@/lib/edge/api-handler";
import { ZResourceId } from "@/lib/edge/path-params";
import { getVerificationBatch } from "@/lib/verification/verification-batches";

export const dynamic = "force-dynamic";

// GET /api/v1/verify/batches/{batchId}[?results=0]: progress and results of one of the caller's own batches (404 for anyone else's).
export const GET = apiHandler({ auth: "optional", roles: ["VERIFIER", "OPERATOR"], params: z.object({ batchId: ZResourceId }) }, async ({ request, user, params }) => {
  const withResults = new URL(request.url).searchParams.get("results") !== "0";
  const batch = await getVerificationBatch({ userId: user!.id, batchId: params.batchId, withResults });
  return NextResponse.json(batch, { headers: { "Cache-Control": "no-store" } });
});
