import "server-only";
import { AppError } from "@/lib/errors";

/** Reads a multipart body, refusing it early (by Content-Length) when it is larger than the limit allows. */
export async function readMultipart(request: Request, maxFileBytes: number): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", { id: "Kirim sebagai multipart/form-data.", en: "Send the request as multipart/form-data." });
  }
  const length = Number(request.headers.get("content-length") ?? 0);
  // Room for the other form fields and the multipart boundaries beyond the file itself.
  if (length > maxFileBytes + 1024 * 1024) {
    throw new AppError("PAYLOAD_TOO_LARGE", {
      id: `Berkas lebih besar dari batas ${Math.round(maxFileBytes / 1024 / 1024)} MB.`,
      en: `The file is larger than the ${Math.round(maxFileBytes / 1024 / 1024)} MB limit.`,
    });
  }
  try {
    return await request.formData();
  } catch {
    throw new AppError("MALFORMED_MULTIPART", { id: "Body multipart tidak dapat dibaca.", en: "The multipart body could not be read." });
  }
}
