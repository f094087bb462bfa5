// The only module that reads process.env. Every setting is parsed and checked here, once, so a bad value
// stops the portal at start with a message naming the variable instead of failing later mid-request.
import path from "node:path";
import { isIP } from "node:net";
import { z } from "zod";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(["0", "1", "true", "false", "yes", "no"]).transform((v) => ["1", "true", "yes"].includes(v));

const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|file:)/, "must start with postgresql:// (PostgreSQL) or file: (SQLite)")
    .optional(),
  DATA_DIR: z.string().min(1).default("data"),
  PORT: int(1, 65535).default(3000),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SECURE_COOKIES: bool.optional(),
  SESSION_HOURS: int(1, 24 * 30).default(12),
  PAYMENT_PROVIDER: z.enum(["simulator", "midtrans"]).default("simulator"),
  MIDTRANS_SERVER_KEY: z.string().min(8).optional(),
  MIDTRANS_API_URL: z.url().default("https://api.sandbox.midtrans.com"),
  STAMP_PRICE: int(1, 10_000_000).default(10_000),
  SERVICE_FEE: int(0, 10_000_000).default(2_500),
  ORDER_MAX_QUANTITY: int(1, 100_000).default(100),
  ORDER_EXPIRY_MINUTES: int(1, 24 * 60).default(15),
  RECONCILE_INTERVAL_SECONDS: int(0, 86_400).default(60),
  UPLOAD_MAX_MB: int(1, 2048).default(20),
  RETENTION_DAYS: int(0, 3650).default(7),
  SIGNING_P12_PATH: z.string().min(1).optional(),
  SIGNING_P12_PASSWORD: z.string().optional(),
  SIGNING_PKCS11_MODULE: z.string().min(1).optional(),
  SIGNING_PKCS11_PIN: z.string().min(1).max(256).optional(),
  SIGNING_PKCS11_KEY_LABEL: z.string().min(1).max(200).optional(),
  SIGNING_KEY_PASSPHRASE: z.string().min(12, "must be at least 12 characters").max(1024).optional(),
  FILE_STORE: z.enum(["disk", "s3"]).default("disk"),
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name (3–63 lowercase letters, digits, . and -)").optional(),
  S3_REGION: z.string().regex(/^[a-z0-9-]{1,40}$/, "must look like us-east-1").default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().min(1).max(256).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).max(512).optional(),
  PDF_WORKERS: int(1, 64).optional(),
  PDF_TASK_TIMEOUT_MS: int(100, 600_000).default(20_000),
  VERIFY_BATCH_MAX_FILES: int(1, 100_000).default(1000),
  VERIFY_BATCH_MAX_MB: int(1, 100_000).default(1024),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must start with redis:// or rediss://").optional(),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "must start with smtp:// or smtps://").optional(),
  SMTP_FROM: z.string().default("status@meterai.local"),
  SMTP_ALLOW_INSECURE: bool.default(false),
  PROBE_INTERVAL_SECONDS: int(0, 3600).default(60),
  PROBE_FAILURES_BEFORE_INCIDENT: int(1, 100).default(3),
  RATE_LIMIT_DISABLED: bool.default(false),
  QUEUE_TICKET_TTL_SECONDS: int(20, 3600).default(120),
  QUEUE_MAX_TICKETS_PER_IP: int(1, 1_000_000).default(20),
  QUEUE_BURST_SECONDS: z.coerce.number().min(0.05).max(60).default(1),
  SERVER_MAX_CONCURRENT: int(1, 10_000).default(16),
  SERVER_MAX_QUEUED: int(0, 1_000_000).default(2_000),
  TRUSTED_PROXIES: z
    .string()
    .max(2000)
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .refine((entries) => entries.every(isAddressOrRange), "must be IP addresses or CIDR ranges, comma-separated (e.g. 127.0.0.1,10.0.0.0/8)")
    .optional(),
  WEBHOOK_ALLOWED_NETWORKS: z
    .string()
    .max(2000)
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .refine((entries) => entries.every(isAddressOrRange), "must be IP addresses or CIDR ranges, comma-separated (e.g. 10.0.5.7,192.168.0.0/16)")
    .optional(),
  BODY_FIRST_BYTE_SECONDS: int(1, 600).default(10),
  BODY_MIN_BYTES_PER_SECOND: int(0, 100_000_000).default(4096),
  SERVER_QUEUE_TARGET_MS: int(1, 60_000).default(100),
  SERVER_QUEUE_INTERVAL_MS: int(10, 600_000).default(1000),
  SERVER_MAX_WAIT_SECONDS: int(1, 3600).default(10),
  DRAIN_READY_DELAY_SECONDS: int(0, 600).default(5),
  DRAIN_TIMEOUT_SECONDS: int(1, 3600).default(30),
  QUEUE_REDIS_PREFIX: z.string().regex(/^[\w:.-]{1,100}$/, "letters, digits, _ : . - only").default("emeterai:queue"),
  OPERATOR_NAME: z.string().max(200).default("Penyelenggara instalasi ini (OPERATOR_NAME belum diisi)"),
  SUPPORT_EMAIL: z.email().optional(),
  AFFIX_FAILPOINT: z.string().regex(/^(\w+:\d+)(,\w+:\d+)*$/, "must look like name:milliseconds[,name:milliseconds]").optional(),
});

function isAddressOrRange(entry: string): boolean {
  const [address, bits, extra] = entry.split("/");
  const family = isIP(address.replace(/^::ffff:/i, ""));
  if (!family || extra !== undefined) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
}

export type TEnv = ReturnType<typeof loadEnv>;

export function loadEnv(source: Record<string, string | undefined> = process.env) {
  // Empty strings count as unset: `FOO= npm start` should mean the default, not an invalid value.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = ZEnv.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration (environment variables):\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.PAYMENT_PROVIDER === "midtrans" && !e.MIDTRANS_SERVER_KEY) {
    throw new Error("Invalid configuration: MIDTRANS_SERVER_KEY is required when PAYMENT_PROVIDER=midtrans");
  }
  if (e.SIGNING_P12_PATH && e.SIGNING_P12_PASSWORD === undefined) {
    throw new Error("Invalid configuration: SIGNING_P12_PASSWORD is required with SIGNING_P12_PATH");
  }
  const pkcs11Set = [e.SIGNING_PKCS11_MODULE, e.SIGNING_PKCS11_PIN, e.SIGNING_PKCS11_KEY_LABEL].filter(Boolean).length;
  if (pkcs11Set !== 0 && pkcs11Set !== 3) throw new Error("Invalid configuration: SIGNING_PKCS11_MODULE, SIGNING_PKCS11_PIN and SIGNING_PKCS11_KEY_LABEL go together");
  if (pkcs11Set && e.SIGNING_P12_PATH) throw new Error("Invalid configuration: set SIGNING_PKCS11_MODULE or SIGNING_P12_PATH, not both");
  if (e.FILE_STORE === "s3" && !e.S3_BUCKET) throw new Error("Invalid configuration: S3_BUCKET is required when FILE_STORE=s3");
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) {
    throw new Error("Invalid configuration: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (or neither, for the SDK's default credentials)");
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `file:${path.join(dataDir, "portal.db")}`;
  const publicUrl = (e.PUBLIC_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/+$/, "");
  return {
    nodeEnv: e.NODE_ENV,
    isProduction: e.NODE_ENV === "production",
    databaseUrl,
    databaseKind: databaseUrl.startsWith("postgres") ? ("postgresql" as const) : ("sqlite" as const),
    dataDir,
    port: e.PORT,
    publicUrl,
    // Secure cookies need https; a production build served on plain http (the demo) would lose them.
    secureCookies: e.SECURE_COOKIES ?? publicUrl.startsWith("https://"),
    sessionHours: e.SESSION_HOURS,
    payment: {
      provider: e.PAYMENT_PROVIDER,
      midtransServerKey: e.MIDTRANS_SERVER_KEY,
      midtransApiUrl: e.MIDTRANS_API_URL.replace(/\/+$/, ""),
    },
    pricing: { stampPrice: e.STAMP_PRICE, serviceFee: e.SERVICE_FEE, maxQuantity: e.ORDER_MAX_QUANTITY },
    orderExpiryMinutes: e.ORDER_EXPIRY_MINUTES,
    reconcileIntervalSeconds: e.RECONCILE_INTERVAL_SECONDS,
    uploadMaxBytes: e.UPLOAD_MAX_MB * 1024 * 1024,
    retentionDays: e.RETENTION_DAYS,
    fileStore:
      e.FILE_STORE === "s3"
        ? { kind: "s3" as const, s3: { endpoint: e.S3_ENDPOINT?.replace(/\/+$/, ""), bucket: e.S3_BUCKET!, region: e.S3_REGION, accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY } }
        : { kind: "disk" as const },
    // On PostgreSQL the passphrase is checked when the identity is loaded (lib/signing/cluster-identity.ts):
    // it is required only when the cluster's own CA key is kept in the database.
    signing: {
      p12Path: e.SIGNING_P12_PATH,
      p12Password: e.SIGNING_P12_PASSWORD,
      keyPassphrase: e.SIGNING_KEY_PASSPHRASE,
      pkcs11: e.SIGNING_PKCS11_MODULE ? { module: e.SIGNING_PKCS11_MODULE, pin: e.SIGNING_PKCS11_PIN!, keyLabel: e.SIGNING_PKCS11_KEY_LABEL! } : undefined,
    },
    pdf: { workers: e.PDF_WORKERS, taskTimeoutMs: e.PDF_TASK_TIMEOUT_MS },
    verifyBatch: { maxFiles: e.VERIFY_BATCH_MAX_FILES, maxBytes: e.VERIFY_BATCH_MAX_MB * 1024 * 1024 },
    redisUrl: e.REDIS_URL,
    metricsToken: e.METRICS_TOKEN,
    smtp: { url: e.SMTP_URL, from: e.SMTP_FROM, allowInsecure: e.SMTP_ALLOW_INSECURE },
    // Who runs this installation and how to reach them: the footer, help, privacy and terms pages say it.
    site: { operatorName: e.OPERATOR_NAME, supportEmail: e.SUPPORT_EMAIL },
    probe: { intervalSeconds: e.PROBE_INTERVAL_SECONDS, failuresBeforeIncident: e.PROBE_FAILURES_BEFORE_INCIDENT },
    rateLimitDisabled: e.RATE_LIMIT_DISABLED,
    // Status webhooks go only to public addresses; these private ones are allowed explicitly.
    webhookAllowedNetworks: e.WEBHOOK_ALLOWED_NETWORKS ?? [],
    // Waiting room (lib/queue/): the per-area settings live in the QueueSetting table, these are per process.
    // The front door (lib/server/front-door.ts): requests handed to Next at once, and waiting for a turn.
    // Measured with the surge benchmark: 16 keeps 2 cores busy on SQLite, and on PostgreSQL too, where
    // 64 only queued the requests on the connection pool (10) instead (more 503s, fewer admissions).
    server: {
      maxConcurrent: e.SERVER_MAX_CONCURRENT,
      maxQueued: e.SERVER_MAX_QUEUED,
      queueTargetMs: e.SERVER_QUEUE_TARGET_MS,
      queueIntervalMs: e.SERVER_QUEUE_INTERVAL_MS,
      maxWaitMs: e.SERVER_MAX_WAIT_SECONDS * 1000,
      trustedProxies: e.TRUSTED_PROXIES ?? [],
      bodyFirstByteMs: e.BODY_FIRST_BYTE_SECONDS * 1000,
      bodyMinBytesPerSecond: e.BODY_MIN_BYTES_PER_SECOND,
    },
    // Graceful drain on SIGTERM (lib/server/drain.ts): time for the load balancer to see the node leave
    // its rotation (its health-check interval × failures to mark it down), then the most the requests
    // in hand may take to finish.
    drain: { readyDelayMs: e.DRAIN_READY_DELAY_SECONDS * 1000, timeoutMs: e.DRAIN_TIMEOUT_SECONDS * 1000 },
    queue: {
      ticketTtlSeconds: e.QUEUE_TICKET_TTL_SECONDS,
      maxTicketsPerIp: e.QUEUE_MAX_TICKETS_PER_IP,
      burstSeconds: e.QUEUE_BURST_SECONDS,
      redisPrefix: e.QUEUE_REDIS_PREFIX,
    },
    // Test-only pauses inside affixing (see lib/stamps/affix-stamps.ts); never set in production.
    failpoints: Object.fromEntries((e.AFFIX_FAILPOINT ?? "").split(",").filter(Boolean).map((p) => [p.split(":")[0], Number(p.split(":")[1])])) as Record<string, number>,
  };
}

let cached: TEnv | null = null;

/** The validated configuration of this process. */
export function env(): TEnv {
  return (cached ??= loadEnv());
}
