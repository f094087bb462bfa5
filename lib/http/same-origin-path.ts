// Where to send a person back to (after sign-in, after switching language). Only a path on this portal:
// the value is parsed as a browser would, against our own origin, and kept only when the result is still
// on that origin. A pattern check is not enough: browsers strip tabs and newlines and read "\" as "/", so
// "/\tevil.example" or "/\evil.example" become "//evil.example", another host.
import { env } from "@/lib/env";

export function sameOriginPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value === "") return fallback;
  const ownOrigin = new URL(env().publicUrl).origin;
  let url: URL;
  try {
    url = new URL(value, ownOrigin);
  } catch {
    return fallback;
  }
  if (url.origin !== ownOrigin) return fallback;
  // "/.//evil.example" resolves on our origin to the path "//evil.example", which a Location header would
  // send to another host again: a path must not start with two slashes.
  if (url.pathname.startsWith("//")) return fallback;
  return url.pathname + url.search + url.hash;
}
