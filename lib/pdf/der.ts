/**
 * Minimal DER (ITU-T X.690) encoder and reader: just what CMS SignedData needs. Hand-written
 * because it is short, allocation-light and lets us sort SET OF members as DER requires (§11.6),
 * which the signed-attributes digest depends on.
 */

export const TAG = {
  INTEGER: 0x02,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
} as const;

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(TAG.SEQUENCE, ...items);

/** SET OF in DER: members sorted by their encodings (X.690 §11.6). */
export function setOf(...items: Buffer[]): Buffer {
  return tlv(TAG.SET, ...[...items].sort(Buffer.compare));
}

/** [n] EXPLICIT (constructed, context-specific). */
export const explicit = (n: number, ...items: Buffer[]): Buffer => tlv(0xa0 | n, ...items);

/** [n] IMPLICIT of a constructed type (SET OF / SEQUENCE). */
export const implicitConstructed = (n: number, ...items: Buffer[]): Buffer => tlv(0xa0 | n, ...items);

export const octetString = (value: Uint8Array): Buffer => tlv(TAG.OCTET_STRING, Buffer.from(value));

export const nullValue = (): Buffer => Buffer.from([TAG.NULL, 0x00]);

export function integer(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  do {
    bytes.unshift(rest & 0xff);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return tlv(TAG.INTEGER, Buffer.from(bytes));
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split(".").map(Number);
  const bytes: number[] = [40 * parts[0] + parts[1]];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let rest = Math.floor(part / 128); rest > 0; rest = Math.floor(rest / 128)) chunk.unshift(0x80 | (rest & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(TAG.OID, Buffer.from(bytes));
}

/** UTCTime for 1950–2049 and GeneralizedTime otherwise (RFC 5652 §11.3). */
export function time(date: Date): Buffer {
  const iso = date.toISOString();
  const digits = iso.slice(0, 19).replace(/[-T:]/g, "");
  const year = date.getUTCFullYear();
  if (year >= 1950 && year < 2050) return tlv(TAG.UTC_TIME, Buffer.from(`${digits.slice(2)}Z`, "latin1"));
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(`${digits}Z`, "latin1"));
}

// ---- reading ----

export type DerNode = {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
};

/** Read one TLV at `offset`; throws on malformed or out-of-bounds input (callers catch). */
export function readNode(bytes: Uint8Array, offset: number): DerNode {
  if (offset + 2 > bytes.length) throw new Error("DER: truncated header");
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new Error("DER: unsupported length");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[contentStart + i];
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > bytes.length) throw new Error("DER: content past end");
  return { tag, start: offset, contentStart, end };
}

export function childrenOf(bytes: Uint8Array, node: DerNode): DerNode[] {
  const children: DerNode[] = [];
  for (let offset = node.contentStart; offset < node.end; ) {
    const child = readNode(bytes, offset);
    children.push(child);
    offset = child.end;
  }
  return children;
}

export function decodeOid(bytes: Uint8Array, node: DerNode): string {
  const content = bytes.subarray(node.contentStart, node.end);
  const parts = [Math.floor(content[0] / 40), content[0] % 40];
  let value = 0;
  for (let i = 1; i < content.length; i++) {
    value = value * 128 + (content[i] & 0x7f);
    if (!(content[i] & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join(".");
}

export function decodeTime(bytes: Uint8Array, node: DerNode): Date | undefined {
  const text = Buffer.from(bytes.subarray(node.contentStart, node.end)).toString("latin1");
  const match = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text);
  if (!match) return undefined;
  let year = Number(match[1]);
  if (match[1].length === 2) year += year < 50 ? 2000 : 1900;
  return new Date(Date.UTC(year, Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6] ?? 0)));
}

export const slice = (bytes: Uint8Array, node: DerNode): Buffer => Buffer.from(bytes.subarray(node.start, node.end));
export const content = (bytes: Uint8Array, node: DerNode): Buffer => Buffer.from(bytes.subarray(node.contentStart, node.end));
