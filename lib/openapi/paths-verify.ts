// Verification: verdicts for uploaded documents, and the public serial lookup.
import { ZPublicStamp, ZSerialParams, ZVerdict, ZVerificationResult, ZVerifyAnswer } from "./verify-schemas";
import { LOOKUP_MAX_STAMPS, ZStampLookupAnswer, ZStampLookupRequest, ZStampLookupResult } from "@/lib/verification/stamp-lookup";
import { errorResponse, json, raw, type TOpenApiArea } from "./types";

const files = raw({
  type: "object",
  required: ["file"],
  properties: { file: { type: "array", items: { type: "string", format: "binary" }, description: "One or more `file` parts (PDF files, or ZIPs of PDFs)." } },
});

export const verifyArea = (): TOpenApiArea => ({
  tag: { name: "verify", description: "Verify stamped documents: a verdict and its reason for every file." },
  schemas: { Verdict: ZVerdict, VerificationResult: ZVerificationResult, StampStatus: ZPublicStamp, StampLookupResult: ZStampLookupResult },
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
    "/api/v1/stamps/lookup": {
      post: {
        operationId: "lookupStamps",
        summary: `Ask the registry about up to ${LOOKUP_MAX_STAMPS} stamps found by verifying in the browser (public, rate-limited)`,
        description:
          "For verification done on the caller's computer: send, per stamp found, its serial and the hashes and lengths computed from the document (never the document). Each answer says whether the serial is registered, whether it is revoked (when and why), the page and position it was issued at, and booleans comparing the sent hashes with the registry's. The registry's own hashes are never returned, nor anything about the owner. With these, the verdict computed in the browser equals the server's.",
        tags: ["verify"],
        security: [],
        body: ZStampLookupRequest,
        responses: {
          "200": json(ZStampLookupAnswer, "One result per item, in request order."),
          "400": errorResponse(`Malformed JSON, an invalid item, a malformed serial (INVALID_SERIAL, with the items' indexes), or more than ${LOOKUP_MAX_STAMPS} stamps (TOO_MANY_STAMPS).`),
          "413": errorResponse("A body larger than 512 KB."),
          "415": errorResponse("The body is not application/json."),
          "429": errorResponse("Too many lookups from this address."),
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
