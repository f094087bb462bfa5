// A local S3-compatible server (s3rver) on a free port, with one bucket, for the object-store tests,
// `npm run cluster` and the cluster benchmark. Files live in a temporary folder removed on close.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
// s3rver ships no types.
// @ts-expect-error no declaration file
import S3rver from "s3rver";

export type TS3Server = { endpoint: string; bucket: string; env: Record<string, string>; close(): Promise<void> };

export async function startS3Server(options: { bucket?: string; port?: number; directory?: string } = {}): Promise<TS3Server> {
  const bucket = options.bucket ?? "emeterai-files";
  const directory = options.directory ?? mkdtempSync(path.join(os.tmpdir(), "emeterai-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: options.port ?? 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const address = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    bucket,
    // s3rver accepts any key pair (the SDK still signs every request with one).
    env: { FILE_STORE: "s3", S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_REGION: "us-east-1", S3_ACCESS_KEY_ID: "S3RVER", S3_SECRET_ACCESS_KEY: "S3RVER" },
    async close() {
      await server.close();
      if (!options.directory) rmSync(directory, { recursive: true, force: true });
    },
  };
}
