// The OpenAPI 3.1 document served at /api/v1/openapi.json, assembled from one file per area. Every
// schema in it is generated from the zod schema the route itself parses or answers with.
// To describe your area's paths: add lib/openapi/paths-<area>.ts exporting a TOpenApiArea and list it here.
import { z } from "zod";
import { appVersion } from "@/lib/version";
import { OpenApiSchemas } from "./json-schema";
import { affixArea } from "./paths-affix";
import { coreArea } from "./paths-core";
import { purchaseArea } from "./paths-purchase";
import { queueArea } from "./paths-queue";
import { statusArea } from "./paths-status";
import { verifyArea } from "./paths-verify";
import type { TOpenApiArea, TOperation, TResponse, TSchemaSource } from "./types";

// Built on request: a schema may depend on the configuration (ORDER_MAX_QUANTITY), read once the portal runs.
const AREAS: (() => TOpenApiArea)[] = [coreArea, purchaseArea, affixArea, verifyArea, queueArea, statusArea];

export function buildOpenApiDocument() {
  const areas = AREAS.map((area) => area());
  const schemas = new OpenApiSchemas(Object.assign({}, ...areas.map((a) => a.schemas ?? {})));
  const paths: Record<string, Record<string, unknown>> = {};
  for (const area of areas) {
    for (const [path, item] of Object.entries(area.paths)) {
      paths[path] = Object.fromEntries(Object.entries(item).map(([method, operation]) => [method, describeOperation(operation, schemas)]));
    }
  }
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
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API token from the account page or `npm run admin -- create-token`." } },
      schemas: schemas.components(),
    },
  };
}

function describeOperation(op: TOperation, schemas: OpenApiSchemas) {
  const parameters = [
    ...parametersOf(op.params, "path", schemas),
    ...parametersOf(op.query, "query", schemas),
    ...(op.headers ?? []).map((h) => ({ name: h.name, in: "header", required: h.required, ...(h.description ? { description: h.description } : {}), schema: schemas.input(h.schema) })),
  ];
  const body = op.body && (isZod(op.body) ? { "application/json": { schema: schemas.input(op.body) } } : content(op.body.content, schemas, "input"));
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: op.tags,
    ...(op.security ? { security: op.security } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(body ? { requestBody: { required: true, content: body } } : {}),
    responses: Object.fromEntries(Object.entries(op.responses).map(([status, response]) => [status, describeResponse(response, schemas)])),
  };
}

function describeResponse(response: TResponse, schemas: OpenApiSchemas) {
  const media = { ...(response.body ? { "application/json": { schema: schemas.output(response.body) } } : {}), ...content(response.content ?? {}, schemas, "output") };
  return {
    description: response.description,
    ...(response.headers ? { headers: Object.fromEntries(Object.entries(response.headers).map(([name, h]) => [name, { description: h.description, schema: schemaOf(h.schema, schemas, "output") }])) } : {}),
    ...(Object.keys(media).length ? { content: media } : {}),
  };
}

/** Each property of a path or query schema is one parameter. */
function parametersOf(shape: z.ZodObject | undefined, where: "path" | "query", schemas: OpenApiSchemas) {
  if (!shape) return [];
  return Object.entries(shape.shape).map(([name, field]) => {
    const schema = schemas.input(field as z.ZodType);
    const { description, ...rest } = schema;
    const optional = (field as z.ZodType).safeParse(undefined).success;
    return { name, in: where, required: where === "path" || !optional, ...(description ? { description } : {}), schema: rest };
  });
}

function content(media: Record<string, TSchemaSource>, schemas: OpenApiSchemas, side: "input" | "output") {
  return Object.fromEntries(Object.entries(media).map(([type, schema]) => [type, { schema: schemaOf(schema, schemas, side) }]));
}

function schemaOf(schema: TSchemaSource, schemas: OpenApiSchemas, side: "input" | "output") {
  if (!isZod(schema)) return schema.raw;
  return side === "input" ? schemas.input(schema) : schemas.output(schema);
}

const isZod = (value: unknown): value is z.ZodType => value instanceof z.ZodType;
