import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { TRole } from "./roles";
import { clientIpFrom } from "@/lib/http/client-ip";
import { findSessionUser, SESSION_COOKIE, type TSessionUser } from "./session";

/** The signed-in user of this request (read once per request), or null. */
export const getCurrentUser = cache(async (): Promise<TSessionUser | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return findSessionUser(token);
});

/** For pages: sends anonymous visitors to sign in and the wrong role to a 403 page. */
export async function requirePageUser(roles?: readonly TRole[]): Promise<TSessionUser> {
  const user = await getCurrentUser();
  if (!user) {
    const path = (await headers()).get("x-pathname") ?? "/";
    redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  }
  if (roles && !roles.includes(user.role as TRole)) redirect("/forbidden");
  return user;
}

/** For server actions: every action is a public POST endpoint, so each checks the session itself. */
export async function requireActionUser(roles?: readonly TRole[]): Promise<TSessionUser | null> {
  const user = await getCurrentUser();
  if (!user) return null;
  if (roles && !roles.includes(user.role as TRole)) return null;
  return user;
}

export async function requestIp(): Promise<string> {
  const h = await headers();
  return clientIpFrom(h);
}
