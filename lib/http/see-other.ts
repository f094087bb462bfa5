// A relative 303 redirect. Building an absolute URL from request.url can name another host than the
// browser used (localhost vs 127.0.0.1 behind next start), which CSP form-action then blocks.
export function seeOther(path: string, headers: HeadersInit = {}): Response {
  return new Response(null, { status: 303, headers: { ...headers, Location: path } });
}
