// Formatting shared by the status page's renderers.
export { formatJakartaDate, formatJakartaTime } from "@/lib/i18n/format-time";
export { escapeHtml } from "@/lib/http/escape-html";
