"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * While an order waits for its payment, the page asks the server again every few seconds (as Stripe
 * Checkout does), so a person paying in another app comes back to "Payment received" without reloading.
 * It stops at the order's expiry; the server's render decides when it is no longer shown.
 */
export function RefreshWhilePending({ until, everyMs = 3000 }: { until: string; everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const deadline = new Date(until).getTime();
    const timer = setInterval(() => {
      if (document.visibilityState === "hidden") return;
      router.refresh();
      if (Date.now() > deadline) clearInterval(timer);
    }, everyMs);
    return () => clearInterval(timer);
  }, [router, until, everyMs]);
  return null;
}
