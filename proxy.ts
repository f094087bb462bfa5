// Runs before every request: passes the path to server components (for sign-in redirects back) and
// puts the protected areas (/buy, /affix and their API endpoints) behind the waiting room.
import { NextResponse, type NextRequest } from "next/server";
import { guardRequest } from "@/lib/queue/guard-request";
import { QUEUE_STATE_HEADER } from "@/lib/queue/http-identity";

export async function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-pathname", request.nextUrl.pathname + request.nextUrl.search);
  // Only the proxy may tell the waiting page what state it is in.
  headers.delete(QUEUE_STATE_HEADER);
  try {
    return await guardRequest(request, headers);
  } catch (error) {
    // The queue store is unreachable (Redis down): fail open rather than lock everybody out; the
    // overload shedding inside the endpoints still protects the process.
    console.error("[queue] waiting room unavailable, letting the request through:", (error as Error).message);
    return NextResponse.next({ request: { headers } });
  }
}

export const config = {
  // Verification is never queued and its batches are far larger than the proxy's body buffer: not matched.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/).*)", "/api/v1/orders", "/api/v1/affix/:path*"],
};
