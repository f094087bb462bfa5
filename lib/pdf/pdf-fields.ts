import { PDFArray, PDFDict, PDFHexString, PDFName, PDFObject, PDFRef, PDFString } from "pdf-lib";
import type { PdfReader } from "./pdf-reader";

/** Reading interactive-form fields (ISO 32000-1 §12.7), shared by inspection, stamping and verification. */

export function textOf(object: PDFObject | undefined): string | undefined {
  if (object instanceof PDFString || object instanceof PDFHexString) return object.decodeText();
  if (object instanceof PDFName) return object.decodeText();
  return undefined;
}

/** Terminal fields with their fully qualified names (§12.7.3.2), depth- and count-limited. */
export function* walkFields(reader: PdfReader, limit = 10_000): Generator<{ field: PDFDict; name: string }> {
  const acroForm = reader.resolveDict(reader.catalog().get(PDFName.of("AcroForm")));
  const fields = acroForm && reader.resolve(acroForm.get(PDFName.of("Fields")));
  if (!(fields instanceof PDFArray)) return;
  const seen = new Set<number>();
  const stack: Array<{ item: PDFObject; prefix: string; depth: number }> = fields.asArray().map((item) => ({ item, prefix: "", depth: 0 })).reverse();
  let visited = 0;
  while (stack.length > 0 && visited++ < limit) {
    const { item, prefix, depth } = stack.pop()!;
    if (item instanceof PDFRef) {
      if (seen.has(item.objectNumber)) continue;
      seen.add(item.objectNumber);
    }
    let field: PDFDict | undefined;
    try {
      field = reader.resolveDict(item);
    } catch {
      continue;
    }
    if (!field) continue;
    const partial = textOf(reader.resolve(field.get(PDFName.of("T"))));
    const name = partial === undefined ? prefix : prefix ? `${prefix}.${partial}` : partial;
    const kids = reader.resolve(field.get(PDFName.of("Kids")));
    yield { field, name };
    if (kids instanceof PDFArray && depth < 32) {
      for (const kid of kids.asArray().reverse()) stack.push({ item: kid, prefix: name, depth: depth + 1 });
    }
  }
}

