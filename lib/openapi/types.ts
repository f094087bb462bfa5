// Just enough typing for the OpenAPI 3.1 document to be assembled from per-area files.
export type TSchema = Record<string, unknown>;
export type TOperation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Record<string, string[]>[];
  parameters?: TSchema[];
  requestBody?: TSchema;
  responses: Record<string, TSchema>;
};
export type TPathItem = Partial<Record<"get" | "post" | "put" | "patch" | "delete", TOperation>>;

/** What each area contributes: its paths, the schemas they reference, and its tag. */
export type TOpenApiArea = { tag: { name: string; description: string }; paths: Record<string, TPathItem>; schemas?: Record<string, TSchema> };

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: TSchema, description: string) => ({ description, content: { "application/json": { schema } } });
/** The JSON error body every 4xx/5xx carries (lib/edge/api-handler.ts). */
export const errorResponse = (description: string) => json(ref("Error"), description);
