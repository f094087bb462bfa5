// Verification: verdicts for uploaded documents, the public serial lookup, and batches.
import { VERDICTS } from "@/lib/verification/verdicts";
import { errorResponse, json, ref, type TOpenApiArea } from "./types";

const multipartFiles = {
  required: true,
  content: {
    "multipart/form-data": {
      schema: { type: "object", required: ["file"], properties: { file: { type: "array", items: { type: "string", format: "binary" }, description: "One or more `file` parts (PDF files)." } } },
    },
  },
};

export const verifyArea: TOpenApiArea = {
  tag: { name: "verify", description: "Verify stamped documents: a verdict and its reason for every file." },
  schemas: {
    Verdict: { type: "string", enum: [...VERDICTS], description: "Closed set; VALID only when every stamp is intact, registered to exactly this revision, not revoked, and nothing but further stamps came after it." },
    VerificationResult: {
      type: "object",
      required: ["file", "sha256", "verdict", "reason", "stamps"],
      properties: {
        file: { type: "string" },
        sha256: { type: "string", pattern: "^[0-9a-f]{64}$" },
        verdict: ref("Verdict"),
        reason: { type: "string", description: "Machine-readable reason code (e.g. DIGEST_MISMATCH, REGISTERED_TO_OTHER_DOCUMENT, RESAVED_STRUCTURE)." },
        stamps: {
          type: "array",
          items: {
            type: "object",
            required: ["serial", "verdict", "signedAt", "page"],
            properties: { serial: { type: ["string", "null"] }, verdict: ref("Verdict"), signedAt: { type: ["string", "null"], format: "date-time" }, page: { type: ["integer", "null"] } },
          },
        },
      },
    },
    StampStatus: {
      type: "object",
      required: ["serial", "status", "affixedAt"],
      description: "Public: nothing about the buyer.",
      properties: {
        serial: { type: "string" },
        status: { type: "string", enum: ["ACTIVE", "REVOKED"] },
        affixedAt: { type: "string", format: "date-time" },
        revokedAt: { type: "string", format: "date-time" },
        revokedReason: { type: "string" },
      },
    },
  },
  paths: {
    "/api/v1/verify": {
      post: {
        operationId: "verifyDocuments",
        summary: "Verify one or more PDFs (VERIFIER or OPERATOR token)",
        description: "Every file gets a verdict with a reason, and each stamp in it its own verdict. The call is recorded as a batch in the caller's history and in the audit log.",
        tags: ["verify"],
        requestBody: multipartFiles,
        responses: {
          "200": json({ type: "object", required: ["results"], properties: { results: { type: "array", items: ref("VerificationResult") } } }, "One result per file, in upload order."),
          "400": errorResponse("No file part, or a malformed multipart body."),
          "401": errorResponse("Missing or invalid Bearer token."),
          "403": errorResponse("Only VERIFIER and OPERATOR accounts may use the API; applicants use the public page."),
          "413": errorResponse("More files or bytes than VERIFY_BATCH_MAX_FILES / VERIFY_BATCH_MAX_MB."),
        },
      },
    },
    "/api/v1/stamps/{serial}": {
      get: {
        operationId: "lookupStamp",
        summary: "Look up a serial in the registry (public, rate-limited)",
        tags: ["verify"],
        security: [],
        parameters: [{ name: "serial", in: "path", required: true, schema: { type: "string", minLength: 22, maxLength: 22 } }],
        responses: {
          "200": json(ref("StampStatus"), "The serial's status."),
          "400": errorResponse("Malformed serial (its check character does not match)."),
          "404": errorResponse("This serial was never issued."),
          "429": errorResponse("Too many lookups from this address."),
        },
      },
    },
  },
};
