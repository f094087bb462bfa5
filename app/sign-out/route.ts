import { deleteSession, SESSION_COOKIE } from "@/lib/auth/session";
import { errorResponse } from "@/lib/edge/api-handler";
import { commonErrors } from "@/lib/errors";
import { readCookie } from "@/lib/http/read-cookie";
import { isSameOrigin } from "@/lib/http/same-origin";
import { seeOther } from "@/lib/http/see-other";

// POST only (a form in the header): a GET sign-out could be triggered by any page that links here.
export async function POST(request: Request) {
  // And only from our own pages: another site's form could otherwise sign people out (logout CSRF).
  if (!isSameOrigin(request)) return errorResponse(commonErrors.forbidden());
  const token = readCookie(request.headers, SESSION_COOKIE);
  if (token) await deleteSession(token);
  return seeOther("/", {
    "Set-Cookie": `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`,
    // The verification page's service worker keeps a copy of the page for offline use, and a copy made while
    // signed in shows the account in its header: on a shared computer it must not outlive the session.
    "Clear-Site-Data": '"cache", "storage"',
  });
}
