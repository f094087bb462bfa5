// Formatting shared by the status page's renderers.
export { formatJakartaDate, formatJakartaTime } from "@/lib/i18n/format-time";

export function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
