// Affixing: stamp a PDF through the API, and its pre-flight check.
import { z } from "zod";
import { ZDocumentDetails, ZPlacement, ZPlacements, ZPreflight } from "@/lib/stamps/affix-request";
import { OpenApiSchemas } from "./json-schema";
import { idempotencyKeyHeader } from "./paths-purchase";
import { errorResponse, json, raw, type TOpenApiArea } from "./types";

const authErrors = { "401": errorResponse("Missing or invalid Bearer token."), "413": errorResponse("The file is larger than UPLOAD_MAX_MB.") };
const file = { type: "string", format: "binary" };
const inline = new OpenApiSchemas({});

// The multipart fields are the route's own schemas: the document details as text fields, the placements
// as one JSON text field (lib/stamps/routes.ts reads them with ZDocumentDetails and ZPlacements).
const details = inline.input(ZDocumentDetails) as { properties: Record<string, unknown>; required: string[] };
const affixForm = raw({
  type: "object",
  required: ["placements", ...details.required],
  properties: {
    file: { ...file, description: "The PDF. Required unless uploadId is given." },
    uploadId: { type: "string", description: "Instead of file: the uploadId a pre-flight of the same file answered (held 30 minutes, for its uploader only). Unknown or expired: 404 UPLOAD_NOT_FOUND, then send the file." },
    placements: { type: "string", contentMediaType: "application/json", contentSchema: inline.input(ZPlacements), description: "JSON array of Placement (1 to 20)." },
    ...details.properties,
  },
});

export const affixArea = (): TOpenApiArea => ({
  tag: { name: "affix", description: "Affix e-Meterai stamps to PDF documents." },
  schemas: {
    Placement: ZPlacement,
    Preflight: ZPreflight,
  },
  paths: {
    "/api/v1/affix": {
      post: {
        operationId: "affix",
        summary: "Affix one e-Meterai per placement to a PDF",
        description:
          "Each placement consumes one quota unit and becomes its own signed incremental update: the uploaded bytes are an exact prefix of the result, so earlier signatures stay valid. " +
          "Exactly once: a retry with the same Idempotency-Key (after a dropped connection or a crash) returns the same file and serials and consumes nothing more; the same key with another file or placements is a 409. " +
          "A failure releases the reserved quota.",
        tags: ["affix"],
        headers: [idempotencyKeyHeader],
        body: { content: { "multipart/form-data": affixForm } },
        responses: {
          "200": {
            description: "The stamped PDF.",
            headers: {
              "X-Meterai-Serials": { description: "The serials, comma-separated, in placement order.", schema: z.string() },
              "X-Idempotent-Replay": { description: "Present (true) when this answers a retry of a completed request.", schema: z.literal("true") },
              "X-Meterai-Repaired": { description: "Present (true) when the damaged input was rewritten before stamping.", schema: z.literal("true") },
            },
            content: { "application/pdf": raw(file) },
          },
          "400": errorResponse("Missing Idempotency-Key, invalid placements or document details."),
          ...authErrors,
          "409": errorResponse("IDEMPOTENCY_KEY_REUSED (other input) or AFFIX_IN_PROGRESS (retry after Retry-After seconds)."),
          "410": errorResponse("FILE_NOT_RETAINED: stamped earlier, but the file is no longer kept; details.serials lists the serials."),
          "422": errorResponse("The PDF cannot be stamped (PDF_ENCRYPTED, PDF_NOT_PDF, PDF_DAMAGED, PDF_PAGE_OUT_OF_RANGE, …) or the quota is insufficient."),
          "503": errorResponse("The affix area is queued (waiting room): see Retry-After and the queue fields."),
        },
      },
    },
    "/api/v1/affix/preflight": {
      post: {
        operationId: "affixPreflight",
        summary: "Check a PDF before stamping: pages, version, size, existing signatures, problems, projected size",
        tags: ["affix"],
        body: { content: { "multipart/form-data": raw({ type: "object", required: ["file"], properties: { file } }) } },
        responses: { "200": json(ZPreflight, "The pre-flight summary (ok: false with a reason for a file that cannot be stamped)."), ...authErrors },
      },
    },
    "/.well-known/meterai/certificate.pem": {
      get: {
        operationId: "portalCertificate",
        summary: "The portal's signing certificate chain (PEM, root CA last), for offline verification",
        tags: ["affix"],
        security: [],
        responses: { "200": { description: "PEM certificates.", content: { "application/x-pem-file": raw({ type: "string" }) } } },
      },
    },
  },
});
