import { deleteSession, SESSION_COOKIE } from "@/lib/auth/session";
import { seeOther } from "@/lib/http/see-other";

// POST only (a form in the header): a GET sign-out could be triggered by any page that links here.
export async function POST(request: Request) {
  const cookie = request.headers.get("cookie") ?? "";
  const token = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(cookie)?.[1];
  if (token) await deleteSession(token);
  return seeOther("/", { "Set-Cookie": `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax` });
}
