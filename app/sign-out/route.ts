import { deleteSession, SESSION_COOKIE } from "@/lib/auth/session";
import { readCookie } from "@/lib/http/read-cookie";
import { seeOther } from "@/lib/http/see-other";

// POST only (a form in the header): a GET sign-out could be triggered by any page that links here.
export async function POST(request: Request) {
  const token = readCookie(request.headers, SESSION_COOKIE);
  if (token) await deleteSession(token);
  return seeOther("/", { "Set-Cookie": `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax` });
}
