import { type PDFContext, PDFHexString, type PDFObject, PDFObjectParser } from "pdf-lib";

type TByteStream = { offset(): number; moveTo(offset: number): void; line: number; column: number };

/**
 * pdf-lib's object parser, reading a hex string in one step. Its own parseHexString appends one
 * character at a time, which for a signature's /Contents (tens of KB of hex, parsed for every stamped
 * file) was the verification workers' largest cost after hashing in a CPU profile of bench:verify
 * (2026-11-30). The same value, the same position after it (line and column included, for error
 * messages), and pdf-lib's own error when there is no closing `>`.
 */
class ObjectParser extends PDFObjectParser {
  constructor(
    private readonly source: Buffer,
    context: PDFContext,
  ) {
    // pdf-lib does not export its ByteStream: the one its factory makes for these bytes is taken.
    super((PDFObjectParser.forBytes(source, context) as unknown as { bytes: ConstructorParameters<typeof PDFObjectParser>[0] }).bytes, context);
  }

  protected parseHexString(): PDFHexString {
    const stream = this.bytes as unknown as TByteStream;
    const start = stream.offset();
    const end = this.source[start] === 0x3c ? this.source.indexOf(0x3e, start + 1) : -1;
    if (end < 0) return super.parseHexString();
    let lastNewline = -1;
    for (let at = this.source.indexOf(0x0a, start); at >= 0 && at < end; at = this.source.indexOf(0x0a, at + 1)) {
      stream.line++;
      lastNewline = at;
    }
    stream.column = lastNewline >= 0 ? end - lastNewline : stream.column + (end + 1 - start);
    stream.moveTo(end + 1);
    return PDFHexString.of(this.source.toString("latin1", start + 1, end));
  }
}

/** The PDF object at the start of `bytes`, as PDFObjectParser.forBytes(bytes, context).parseObject() reads it. */
export function parseObjectFrom(bytes: Uint8Array, context: PDFContext): PDFObject {
  return new ObjectParser(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), context).parseObject();
}
