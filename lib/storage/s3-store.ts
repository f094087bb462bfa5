import "server-only";
// Stamped files in an S3-compatible object store (AWS S3, MinIO, Ceph, s3rver in the tests), so every
// node serves every file. Keys are `stamped/<sha256>.pdf`. A PutObject answered 200 is durable: the
// affixing use case consumes quota only after it.
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { AppError } from "@/lib/errors";
import type { TFileStore } from "./file-store";

export type TS3Config = { endpoint?: string; bucket: string; region: string; accessKeyId?: string; secretAccessKey?: string };

const keyOf = (sha256: string) => {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error("invalid content address");
  return `stamped/${sha256}.pdf`;
};

export const storageUnavailable = () =>
  new AppError("STORAGE_UNAVAILABLE", {
    id: "Penyimpanan berkas sedang tidak dapat dijangkau. Coba lagi sebentar lagi.",
    en: "File storage cannot be reached right now. Please try again shortly.",
  }, { status: 503 });

export function createS3Store(config: TS3Config): TFileStore {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    // An endpoint means a self-hosted store (MinIO, Ceph, s3rver): bucket in the path, not the host name.
    forcePathStyle: Boolean(config.endpoint),
    credentials: config.accessKeyId && config.secretAccessKey ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } : undefined,
    // Checksums only where S3 requires them: not every S3-compatible store knows the newer ones.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 3,
    // A store that does not answer must fail the request in bounded time, not hold the affix slot.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 15_000 },
  });
  const isMissing = (error: unknown) =>
    error instanceof S3ServiceException && (error.name === "NoSuchKey" || error.name === "NotFound" || error.$metadata?.httpStatusCode === 404);
  return {
    kind: "s3",
    async put(sha256, bytes) {
      await client.send(new PutObjectCommand({ Bucket: config.bucket, Key: keyOf(sha256), Body: bytes, ContentType: "application/pdf", ContentLength: bytes.byteLength }));
    },
    async get(sha256) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: keyOf(sha256) }));
        return answer.Body ? await answer.Body.transformToByteArray() : null;
      } catch (error) {
        if (isMissing(error)) return null;
        console.error(`[storage] reading ${keyOf(sha256)} failed: ${(error as Error).message}`);
        throw storageUnavailable();
      }
    },
    async delete(sha256) {
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: keyOf(sha256) }));
    },
    async check() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: config.bucket }));
      } catch (error) {
        const status = (error as S3ServiceException).$metadata?.httpStatusCode;
        throw new Error(`the object store (FILE_STORE=s3) is not usable: bucket "${config.bucket}" at ${config.endpoint ?? "AWS S3"}: ${status ? `HTTP ${status}` : (error as Error).message || (error as Error).name}`);
      }
    },
  };
}
