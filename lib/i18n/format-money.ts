import type { TLocale } from "./define-messages";

/**
 * Rupiah as people write it in each language: "Rp10.000" in Indonesian, "Rp10,000" in English. No space,
 * no decimals (rupiah has no subunit in use). Every amount on the site goes through here, so one page
 * never shows both.
 */
export function formatRupiah(amount: number, locale: TLocale): string {
  const sign = amount < 0 ? "-" : "";
  const separator = locale === "en" ? "," : ".";
  return `${sign}Rp${Math.abs(Math.trunc(amount)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, separator)}`;
}
