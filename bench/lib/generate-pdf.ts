import { randomBytes } from "node:crypto";
import { PDFDocument, PDFRawStream, StandardFonts } from "pdf-lib";

/** A document of about `targetBytes` with `pages` text pages and incompressible image XObjects. */
export async function generatePdf(targetBytes: number, pages: number): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const side = 256;
  const imageBytes = side * side * 3;
  const images = Math.max(1, Math.floor(targetBytes / imageBytes));
  const refs = Array.from({ length: images }, () => {
    const dict = document.context.obj({ Type: "XObject", Subtype: "Image", Width: side, Height: side, ColorSpace: "DeviceRGB", BitsPerComponent: 8, Length: imageBytes });
    return document.context.register(PDFRawStream.of(dict, randomBytes(imageBytes)));
  });
  for (let p = 0; p < pages; p++) {
    const page = document.addPage([595, 842]);
    for (let line = 0; line < 40; line++) page.drawText(`Halaman ${p + 1}, baris ${line + 1}: surat pernyataan pelamar CASN.`, { x: 40, y: 800 - line * 18, size: 10, font });
    // Images are spread over the pages' resources: their bytes are what makes the file big.
    for (let i = p; i < images; i += pages) page.node.newXObject("Im", refs[i]);
  }
  return document.save({ useObjectStreams: false });
}

