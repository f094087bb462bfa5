import { getSigningIdentity } from "@/lib/signing/signing-identity";

export const dynamic = "force-dynamic";

// The portal's signing certificate chain (signing certificate first, root CA last), so anyone can check
// stamps offline: `npm run verify-offline` and PDF readers that are told to trust this root.
export async function GET() {
  return new Response((await getSigningIdentity()).publishedPem, {
    headers: { "Content-Type": "application/x-pem-file", "Cache-Control": "public, max-age=3600" },
  });
}
