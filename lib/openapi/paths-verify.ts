// Verification: verdicts for uploaded documents, and the public serial lookup.
import { ZPublicStamp, ZSerialParams, ZVerdict, ZVerificationResult, ZVerifyAnswer } from "./verify-schemas";
import { errorResponse, json, raw, type TOpenApiArea } from "./types";

const files = raw({
  type: "object",
  required: ["file"],
  properties: { file: { type: "array", items: { type: "string", format: "binary" }, description: "One or more `file` parts (PDF files, or ZIPs of PDFs)." } },
});

export const verifyArea = (): TOpenApiArea => ({
  tag: { name: "verify", description: "Verify stamped documents: a verdict and its reason for every file." },
  schemas: { Verdict: ZVerdict, VerificationResult: ZVerificationResult, StampStatus: ZPublicStamp },
  paths: {
    "/api/v1/verify": {
      post: {
        operationId: "verifyDocuments",
        summary: "Verify one or more PDFs (VERIFIER or OPERATOR token)",
        description: "Every file gets a verdict with a reason, and each stamp in it its own verdict. The call is recorded as a batch in the caller's history and in the audit log.",
        tags: ["verify"],
        body: { content: { "multipart/form-data": files } },
        responses: {
          "200": json(ZVerifyAnswer, "One result per file, in upload order."),
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
        params: ZSerialParams,
        responses: {
          "200": json(ZPublicStamp, "The serial's status."),
          "400": errorResponse("Malformed serial (its check character does not match)."),
          "404": errorResponse("This serial was never issued."),
          "429": errorResponse("Too many lookups from this address."),
        },
      },
    },
  },
});
