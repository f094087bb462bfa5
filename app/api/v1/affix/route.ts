import { affixRoute } from "@/lib/stamps/routes";

export const dynamic = "force-dynamic";

// POST /api/v1/affix (multipart: file, placements, documentType, documentNumber, documentDate; Idempotency-Key header)
export const POST = affixRoute;
