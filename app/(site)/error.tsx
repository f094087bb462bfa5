"use client";
// Shown when a page fails to render (most often: the database did not answer in time under load).
// Both languages, since the language cookie may be what could not be read; a link to the status page.
export default function SiteError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="space-y-4" role="alert">
      <h1 className="text-2xl font-bold">Layanan sedang sibuk · The service is busy</h1>
      <p>Halaman ini tidak dapat dimuat sekarang. Tidak ada pembayaran atau kuota yang hilang. Coba lagi sebentar lagi.</p>
      <p lang="en">This page could not be loaded right now. No payment or quota was lost. Please try again shortly.</p>
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn" onClick={reset}>Coba lagi · Try again</button>
        <a className="btn-secondary" href="/status">Status</a>
      </div>
    </div>
  );
}
