// Shared pieces: the health check and this document itself.
import { ZHealthReport } from "@/lib/health/health-report";
import { ZErrorBody } from "@/lib/errors";
import { errorResponse, json, raw, type TOpenApiArea } from "./types";

export const coreArea = (): TOpenApiArea => ({
  tag: { name: "core", description: "Health and API description." },
  schemas: { Error: ZErrorBody, Health: ZHealthReport },
  paths: {
    "/api/health": {
      get: {
        operationId: "getHealth",
        summary: "Liveness and database check",
        tags: ["core"],
        security: [],
        responses: { "200": json(ZHealthReport, "The portal and its database answer."), "503": json(ZHealthReport, "The database does not answer.") },
      },
    },
    "/api/v1/openapi.json": {
      get: {
        operationId: "getOpenApiDocument",
        summary: "This document",
        tags: ["core"],
        security: [],
        responses: {
          "200": { description: "The OpenAPI 3.1 document.", content: { "application/json": raw({ type: "object", required: ["openapi", "info", "paths"], properties: { openapi: { const: "3.1.0" } } }) } },
          "500": errorResponse("Unexpected error."),
        },
      },
    },
  },
});
