import { NextResponse } from "next/server";
import { apiHandler, jsonResponse } from "@/lib/edge/api-handler";
import { ZAreaQuery, ZQueueLeft } from "@/lib/queue/api-schemas";
import { areaFrom, queueSessionCookie, queueTicketCookie } from "@/lib/queue/http-identity";
import { releaseQueueSession } from "@/lib/queue/release-queue-session";

export const dynamic = "force-dynamic";

// POST /api/v1/queue/leave?area=buy: leave the queue or end an admitted session (frees the place at
// once). From the waiting page's form it redirects home; programs get JSON.
export const POST = apiHandler({ auth: "public" }, async ({ request }) => {
  const url = new URL(request.url);
  // ?area= first (as documented, ZAreaQuery); a form or JSON body may name it instead.
  let area = url.searchParams.has("area") ? ZAreaQuery.parse({ area: url.searchParams.get("area") }).area : null;
  const type = request.headers.get("content-type") ?? "";
  if (!area && type.includes("application/x-www-form-urlencoded")) area = areaFrom((await request.formData()).get("area"));
  if (!area && type.includes("application/json")) area = areaFrom(((await request.json().catch(() => ({}))) as { area?: unknown }).area);
  area ??= "buy";
  const released = await releaseQueueSession(area, request);
  const fromForm = type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data");
  const response = fromForm ? NextResponse.redirect(new URL("/", url.origin), 303) : jsonResponse(ZQueueLeft, { area, released });
  response.cookies.delete(queueSessionCookie(area));
  response.cookies.delete(queueTicketCookie(area));
  return response;
});
