// How each area describes its paths: with the zod schemas its routes parse and answer with. The
// document (lib/openapi/document.ts) turns them into JSON Schema (lib/openapi/json-schema.ts).
import type { z } from "zod";
import { ZErrorBody } from "@/lib/errors";

/** A JSON Schema written here, for what is not JSON (files, PDFs, PEM text). */
export type TRawSchema = { raw: Record<string, unknown> };
export type TSchemaSource = z.ZodType | TRawSchema;

export type TResponse = {
  description: string;
  /** A JSON body (application/json) described by the route's own schema. */
  body?: z.ZodType;
  /** Any other content, by media type. */
  content?: Record<string, TSchemaSource>;
  headers?: Record<string, { description: string; schema: TSchemaSource }>;
};

export type THeaderParameter = { name: string; required: boolean; description?: string; schema: z.ZodType };

export type TOperation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Record<string, string[]>[];
  /** The path's parameters: the apiHandler `params` schema of the route. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: THeaderParameter[];
  /** A JSON request body, or other media types. */
  body?: z.ZodType | { content: Record<string, TSchemaSource> };
  responses: Record<string, TResponse>;
};
export type TPathItem = Partial<Record<"get" | "post" | "put" | "patch" | "delete", TOperation>>;

/** What each area contributes: its paths, the response schemas named in components, and its tag. */
export type TOpenApiArea = { tag: { name: string; description: string }; paths: Record<string, TPathItem>; schemas?: Record<string, z.ZodType> };

export const raw = (schema: Record<string, unknown>): TRawSchema => ({ raw: schema });
export const json = (body: z.ZodType, description: string): TResponse => ({ description, body });

/** The JSON error body every 4xx/5xx carries. */
export const errorResponse = (description: string): TResponse => ({ description, body: ZErrorBody });
