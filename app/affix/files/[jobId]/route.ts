import { commonErrors } from "@/lib/errors";
import { apiHandler } from "@/lib/edge/api-handler";
import { db } from "@/lib/db/client";
import { getFile } from "@/lib/storage/file-store";
import { stampedFileName } from "@/lib/stamps/routes";

export const dynamic = "force-dynamic";

// Re-download of a stamped file during its retention period, by its owner only.
export const GET = apiHandler({ auth: "optional" }, async ({ user, params }) => {
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
      "X-Meterai-Serials": (JSON.parse(job.serials) as string[]).join(","),
      "Cache-Control": "private, no-store",
    },
  });
});
