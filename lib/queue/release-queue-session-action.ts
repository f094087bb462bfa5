import "server-only";
// The server-action flavour of releaseQueueSession (reads the request through next/headers and clears
// the queue cookies). Apart from release-queue-session.ts so route handlers need not load next/headers.
import { cookies, headers } from "next/headers";
import { queueSessionCookie, queueTicketCookie } from "./http-identity";
import { releaseFor } from "./release-queue-session";
import type { Area } from "./types";

/** For server actions and pages (reads the request through next/headers and clears the cookies). */
export async function releaseQueueSessionFromCookies(area: Area): Promise<boolean> {
  const released = await releaseFor(area, await headers());
  try {
    const jar = await cookies();
    jar.delete(queueSessionCookie(area));
    jar.delete(queueTicketCookie(area));
  } catch {
    // Pages cannot change cookies; the stale cookie is ignored at the next request.
  }
  return released;
}

