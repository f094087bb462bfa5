import { IncidentBanner } from "@/app/_components/incident-banner";
import { SiteFooter } from "@/app/_components/site-footer";
import { SiteHeader } from "@/app/_components/site-header";

export default async function SiteLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <SiteHeader />
      <IncidentBanner />
      <main id="main" className="mx-auto max-w-5xl px-4 py-6">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
