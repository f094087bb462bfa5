/** Small helpers for writing PDF syntax by hand (ISO 32000-1 §7.3). */

/** A text string (§7.9.2.2): a literal string when plain ASCII, else UTF-16BE with BOM, as hex. */
export function pdfTextString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, (ch) => `\\${ch}`)})`;
  const utf16 = Buffer.from(text, "utf16le").swap16();
  return `<FEFF${utf16.toString("hex").toUpperCase()}>`;
}

/** A date (§7.9.4) in UTC: D:YYYYMMDDHHmmSS+00'00'. */
export function pdfDate(date: Date): string {
  const digits = date.toISOString().slice(0, 19).replace(/[-T:]/g, "");
  return `(D:${digits}+00'00')`;
}

/** Numbers written with at most 3 decimals, without exponent notation (§7.3.3). */
export function pdfNumber(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
  return Object.is(rounded, -0) ? "0" : rounded.toString();
}

/** Parse a PDF date string `D:YYYYMMDDHHmmSSOHH'mm'` (lenient: missing parts default). */
export function parsePdfDate(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const match = /D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?/.exec(text);
  if (!match) return undefined;
  const [, y, mo = "01", d = "01", h = "00", mi = "00", s = "00", sign, oh = "00", om = "00"] = match;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offsetMinutes = sign === "+" || sign === "-" ? (Number(oh) * 60 + Number(om)) * (sign === "+" ? 1 : -1) : 0;
  const date = new Date(utc - offsetMinutes * 60_000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
