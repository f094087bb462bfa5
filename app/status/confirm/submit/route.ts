import { seeOther } from "@/lib/http/see-other";
import { confirmSubscription } from "@/lib/status/subscriptions/subscribe";

export async function POST(request: Request) {
  const form = await request.formData().catch(() => null);
  const ok = await confirmSubscription(String(form?.get("token") ?? "")).catch(() => false);
  return seeOther(`/status/confirm?result=${ok ? "ok" : "invalid"}`);
}
