import { seeOther } from "@/lib/http/see-other";
import { unsubscribe } from "@/lib/status/subscriptions/subscribe";

// The List-Unsubscribe target (RFC 8058): a mail client POSTs "List-Unsubscribe=One-Click" here; our
// own unsubscribe page posts the same form and is sent back to a result page.
export async function POST(request: Request) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const body = await request.text().catch(() => "");
  const ok = await unsubscribe(token).catch(() => false);
  if (body.includes("List-Unsubscribe=One-Click")) return new Response(ok ? "Unsubscribed" : "Unknown subscription", { status: ok ? 200 : 404 });
  return seeOther(`/status/unsubscribe?result=${ok ? "ok" : "invalid"}`);
}
