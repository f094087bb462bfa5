// A dynamic QRIS payload (EMVCo merchant-presented QR: tag-length-value fields ending in a CRC16) for
// the simulator, so the page shows the same kind of QR a real gateway returns. Pure code.

function tlv(tag: string, value: string): string {
  return `${tag}${String(value.length).padStart(2, "0")}${value}`;
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as EMVCo specifies for tag 63. */
export function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, "utf8")) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

export function buildQrisString(input: { orderId: string; amount: number; merchantName?: string; city?: string }): string {
  const body =
    tlv("00", "01") +
    tlv("01", "12") + // 12: dynamic QR, one payment
    tlv("26", tlv("00", "ID.METERAI.SIMULATOR") + tlv("01", input.orderId.slice(0, 40))) +
    tlv("52", "7399") +
    tlv("53", "360") + // IDR
    tlv("54", String(input.amount)) +
    tlv("58", "ID") +
    tlv("59", (input.merchantName ?? "PORTAL E-METERAI SIM").slice(0, 25)) +
    tlv("60", (input.city ?? "JAKARTA").slice(0, 15)) +
    tlv("62", tlv("01", input.orderId.slice(0, 25))) +
    "6304";
  return body + crc16(body);
}

/** Reads the top-level fields back (for tests and for the simulator page's amount check). */
export function parseQrisString(payload: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 4 <= payload.length; ) {
    const tag = payload.slice(i, i + 2);
    const length = Number(payload.slice(i + 2, i + 4));
    fields[tag] = payload.slice(i + 4, i + 4 + length);
    i += 4 + length;
  }
  return fields;
}
