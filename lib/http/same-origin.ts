// Whether a request was sent by one of our own pages. A cookie rides along on cross-site requests too, so
// every state-changing request authenticated by the session cookie must carry our Origin (CSRF).
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
