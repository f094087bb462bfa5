import { NextResponse } from "next/server";
import { deleteSession, SESSION_COOKIE } from "@/lib/auth/session";

// POST only (a form in the header): a GET sign-out could be triggered by any page that links here.
export async function POST(request: Request) {
  const cookie = request.headers.get("cookie") ?? "";
  const token = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(cookie)?.[1];
  if (token) await deleteSession(token);
  const response = NextResponse.redirect(new URL("/", request.url), 303);
  response.cookies.delete(SESSION_COOKIE);
  return response;
}
