// Reads one cookie from a request's headers. Used where next/headers is not available: route handlers
// that take a plain Request, the front door, and code shared with tests.
export function readCookie(headers: Headers, name: string): string | undefined {
  const match = new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(headers.get("cookie") ?? "");
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1]; // not percent-encoded after all: use it as sent
  }
}
