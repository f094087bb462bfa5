import { NextResponse } from "next/server";
import { apiHandler } from "@/lib/edge/api-handler";
import { buildOpenApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

// GET /api/v1/openapi.json: the OpenAPI 3.1 description of the HTTP API.
export const GET = apiHandler({ auth: "public" }, async () => {
  return NextResponse.json(buildOpenApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
});
