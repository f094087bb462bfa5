import { adminMessages } from "@/lib/i18n/messages/admin";
import type { TLocale } from "@/lib/i18n/define-messages";

/** The operator console's sections, shown in the admin navigation and on the console's home page. */
export function adminSections(locale: TLocale) {
  const t = adminMessages[locale];
  return [
    { href: "/admin/users", label: t.usersTitle },
    { href: "/admin/orders", label: t.ordersTitle },
    { href: "/admin/stamps", label: t.stampsTitle },
    { href: "/admin/status", label: t.statusTitle },
    { href: "/admin/queue", label: t.queueTitle },
    { href: "/admin/audit", label: t.auditTitle },
  ];
}
