import "server-only";
// Frees an admitted place (or leaves the queue) when the purchase or affixing completes, so the next
// person in line gets in without waiting for the inactivity timeout. Never throws: finishing a
// purchase must not fail because the queue is unavailable.
import { presentedTokens, visitorFromHeaders } from "./http-identity";
import { portalQueue } from "./portal-waiting-room";
import type { Area } from "./types";

/** For route handlers: `await releaseQueueSession("buy", request)`. True when a place was freed. */
export async function releaseQueueSession(area: Area, request: Request): Promise<boolean> {
  return releaseFor(area, request.headers);
}

export async function releaseFor(area: Area, requestHeaders: Headers): Promise<boolean> {
  try {
    const { sessionToken, ticketToken } = presentedTokens(requestHeaders, area);
    const token = sessionToken ?? ticketToken;
    if (!token) return false;
    const { room } = await portalQueue();
    return await room.release({ area, visitor: visitorFromHeaders(requestHeaders).visitor, token });
  } catch (error) {
    console.error(`[queue] could not release a ${area} session: ${(error as Error).message}`);
    return false;
  }
}
