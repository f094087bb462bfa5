// zod → JSON Schema for the OpenAPI 3.1 document (whose Schema Object is JSON Schema 2020-12), with
// z.toJSONSchema. Named schemas become components and are referenced; nothing carries its own
// $schema, which has no place inside a 3.1 document.
import { z } from "zod";

type TJson = Record<string, unknown>;
const COMPONENTS = "#/components/schemas/";

export class OpenApiSchemas {
  private readonly registry = z.registry<{ id: string }>();

  /** `named`: response schemas listed under components.schemas and referenced by name. */
  constructor(named: Record<string, z.ZodType>) {
    for (const [id, schema] of Object.entries(named)) this.registry.add(schema, { id });
  }

  /** What an answer looks like (zod's output side): a reference when the schema is named. */
  output(schema: z.ZodType): TJson {
    const id = this.registry.get(schema)?.id;
    if (id) return { $ref: `${COMPONENTS}${id}` };
    const { $defs, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", metadata: this.registry, unrepresentable: "throw" }) as TJson;
    // Everything zod moved to $defs is a named schema, which components() describes.
    for (const name of Object.keys(($defs as TJson | undefined) ?? {})) if (!this.registry._idmap.has(name)) throw new Error(`unnamed shared schema ${name}`);
    return clean(rewriteRefs(rest));
  }

  /** What a request may carry (zod's input side: a field with a default may be left out); always inline. */
  input(schema: z.ZodType): TJson {
    return clean(z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "throw" }) as TJson);
  }

  /** components.schemas: every named schema, references between them by name. */
  components(): Record<string, TJson> {
    const { schemas } = z.toJSONSchema(this.registry, { target: "draft-2020-12", uri: (id) => `${COMPONENTS}${id}` }) as { schemas: Record<string, TJson> };
    return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, clean(schema)]));
  }
}

/** Refs zod wrote to its own $defs point at the document's components instead. */
function rewriteRefs(value: unknown): TJson {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', `"${COMPONENTS}`)) as TJson;
}

/** A schema embedded in the document: no $schema or $id of its own. */
function clean(schema: TJson): TJson {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}
