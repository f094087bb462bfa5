import type { Metadata, Viewport } from "next";
import { getLocale } from "@/lib/i18n/locale";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Portal e-Meterai", template: "%s · Portal e-Meterai" },
  description: "Beli, bubuhkan, dan verifikasi e-Meterai. Buy, affix and verify electronic stamp duty.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
