import { commonErrors } from "@/lib/errors";
import { z } from "zod";
import { readStoredJsonOr } from "@/lib/db/stored-json";
import { apiHandler } from "@/lib/edge/api-handler";
import { ZResourceId } from "@/lib/edge/path-params";
import { db } from "@/lib/db/client";
import { getFile } from "@/lib/storage/file-store";
import { ZSerials } from "@/lib/stamps/affix-request";
import { stampedFileName } from "@/lib/stamps/routes";

export const dynamic = "force-dynamic";

// Re-download of a stamped file during its retention period, by its owner only.
export const GET = apiHandler({ auth: "optional", params: z.object({ jobId: ZResourceId }) }, async ({ user, params }) => {
  if (!user) throw commonErrors.unauthenticated();
  const job = await db().affixJob.findFirst({
    where: { id: params.jobId, userId: user.id, status: "COMPLETED", expiresAt: { gt: new Date() } },
    select: { outputSha256: true, fileName: true, serials: true },
  });
  const pdf = job?.outputSha256 ? await getFile(job.outputSha256) : null;
  if (!job || !pdf) throw commonErrors.notFound();
  return new Response(Buffer.from(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${stampedFileName(job.fileName ?? "dokumen.pdf")}"`,
      "X-Meterai-Serials": readStoredJsonOr(ZSerials, job.serials, []).join(","),
      "Cache-Control": "private, no-store",
    },
  });
});
