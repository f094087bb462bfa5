// The OpenAPI 3.1 document served at /api/v1/openapi.json, assembled from one file per area.
// To describe your area's paths: add lib/openapi/paths-<area>.ts exporting a TOpenApiArea and list it here.
import { appVersion } from "@/lib/version";
import { affixArea } from "./paths-affix";
import { coreArea } from "./paths-core";
import { purchaseArea } from "./paths-purchase";
import { queueArea } from "./paths-queue";
import { statusArea } from "./paths-status";
import { verifyArea } from "./paths-verify";
import type { TOpenApiArea } from "./types";

const areas: TOpenApiArea[] = [coreArea, purchaseArea, affixArea, verifyArea, queueArea, statusArea];

export function buildOpenApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "e-Meterai portal API",
      version: appVersion(),
      description: "JSON API for programs. Authenticate with `Authorization: Bearer <token>` (create a token on the account page). Errors are `{error: {code, message, messageId, details}}`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
    tags: areas.map((a) => a.tag),
    paths: Object.assign({}, ...areas.map((a) => a.paths)),
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API token from the account page or `npm run admin -- create-token`." } },
      schemas: Object.assign({}, ...areas.map((a) => a.schemas ?? {})),
    },
  };
}
