// ajv with the formats our schemas use (ajv-formats is not installed; these are strict enough).
import { Ajv } from "ajv";

export function makeAjv() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat("uri", /^https?:\/\/[^\s]+$/);
  return ajv;
}
