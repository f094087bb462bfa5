// Affixing: stamp a PDF through the API, and its pre-flight check.
import { errorResponse, json, type TOpenApiArea } from "./types";

const authErrors = { "401": errorResponse("Missing or invalid Bearer token."), "413": errorResponse("The file is larger than UPLOAD_MAX_MB.") };

export const affixArea: TOpenApiArea = {
  tag: { name: "affix", description: "Affix e-Meterai stamps to PDF documents." },
  schemas: {
    Placement: {
      type: "object",
      required: ["page", "x", "y"],
      description: "Lower-left corner of the stamp in PDF points from the bottom-left of the page as displayed.",
      properties: {
        page: { type: "integer", minimum: 1 },
        x: { type: "number", minimum: 0 },
        y: { type: "number", minimum: 0 },
        width: { type: "number", minimum: 40, maximum: 400, default: 100, description: "Stamp width in points (it is square)." },
      },
    },
    Preflight: {
      oneOf: [
        {
          type: "object",
          required: ["ok", "pageCount", "pdfVersion", "sizeBytes", "pages", "signatureCount", "needsRepair", "projectedSizes"],
          properties: {
            ok: { const: true },
            pageCount: { type: "integer" },
            pdfVersion: { type: "string" },
            sizeBytes: { type: "integer" },
            pages: { type: "array", items: { type: "object", properties: { width: { type: "number" }, height: { type: "number" } } } },
            signatureCount: { type: "integer", description: "Existing signatures; they stay valid after stamping." },
            signedFields: { type: "array", items: { type: "string" } },
            needsRepair: { type: "boolean", description: "The file is damaged and will be rewritten before stamping." },
            projectedSizes: { type: "array", items: { type: "integer" }, description: "Projected output size in bytes for 1 to 5 stamps." },
          },
        },
        {
          type: "object",
          required: ["ok", "problem", "message"],
          properties: {
            ok: { const: false },
            problem: { type: "string", enum: ["NOT_PDF", "EMPTY", "ENCRYPTED", "DAMAGED", "DAMAGED_SIGNED", "TOO_MANY_PAGES"] },
            message: { type: "object", properties: { id: { type: "string" }, en: { type: "string" } } },
          },
        },
      ],
    },
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
        parameters: [{ name: "Idempotency-Key", in: "header", required: true, schema: { type: "string", minLength: 8, maxLength: 200 } }],
        requestBody: {
          required: true,
          content: {
            "multipart/form-data": {
              schema: {
                type: "object",
                required: ["file", "placements", "documentType", "documentNumber", "documentDate"],
                properties: {
                  file: { type: "string", format: "binary" },
                  placements: { type: "string", description: "JSON array of Placement (1 to 20)." },
                  documentType: { type: "string", maxLength: 100 },
                  documentNumber: { type: "string", maxLength: 100 },
                  documentDate: { type: "string", format: "date" },
                },
              },
            },
          },
        },
        responses: {
          "200": {
            description: "The stamped PDF.",
            headers: {
              "X-Meterai-Serials": { description: "The serials, comma-separated, in placement order.", schema: { type: "string" } },
              "X-Idempotent-Replay": { description: "Present (true) when this answers a retry of a completed request.", schema: { type: "string" } },
              "X-Meterai-Repaired": { description: "Present (true) when the damaged input was rewritten before stamping.", schema: { type: "string" } },
            },
            content: { "application/pdf": { schema: { type: "string", format: "binary" } } },
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
        requestBody: { required: true, content: { "multipart/form-data": { schema: { type: "object", required: ["file"], properties: { file: { type: "string", format: "binary" } } } } } },
        responses: { "200": json({ $ref: "#/components/schemas/Preflight" }, "The pre-flight summary (ok: false with a reason for a file that cannot be stamped)."), ...authErrors },
      },
    },
    "/.well-known/meterai/certificate.pem": {
      get: {
        operationId: "portalCertificate",
        summary: "The portal's signing certificate chain (PEM, root CA last), for offline verification",
        tags: ["affix"],
        security: [],
        responses: { "200": { description: "PEM certificates.", content: { "application/x-pem-file": { schema: { type: "string" } } } } },
      },
    },
  },
};
