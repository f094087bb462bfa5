// Shared pieces: the error body, Bearer authentication, the health check and this document itself.
import { errorResponse, json, type TOpenApiArea } from "./types";

export const coreArea: TOpenApiArea = {
  tag: { name: "core", description: "Health and API description." },
  schemas: {
    Error: {
      type: "object",
      required: ["error"],
      properties: {
        error: {
          type: "object",
          required: ["code", "message", "messageId"],
          properties: {
            code: { type: "string", examples: ["INVALID_INPUT"] },
            message: { type: "string", description: "English message." },
            messageId: { type: "string", description: "Indonesian message." },
            details: { type: "object", additionalProperties: true },
          },
        },
      },
    },
  },
  paths: {
    "/api/health": {
      get: {
        operationId: "getHealth",
        summary: "Liveness and database check",
        tags: ["core"],
        security: [],
        responses: { "200": json({ type: "object" }, "The portal and its database answer."), "503": json({ type: "object" }, "The database does not answer.") },
      },
    },
    "/api/v1/openapi.json": {
      get: {
        operationId: "getOpenApiDocument",
        summary: "This document",
        tags: ["core"],
        security: [],
        responses: { "200": json({ type: "object" }, "The OpenAPI 3.1 document."), "500": errorResponse("Unexpected error.") },
      },
    },
  },
};


