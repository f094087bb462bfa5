import "server-only";
// The heart of the portal: affix one or more e-Meterai to a PDF, exactly once.
//
//   reserve (job + quota reservation, one transaction)
//   → stamp in the worker pool (fresh serials, signature, incremental update)
//   → store the output (content-addressed, fsynced; by the worker, before it answers)
//   → complete (serial registry rows + quota consumed + job COMPLETED + audit, one transaction)
//
// Any failure after the reservation releases it. A crash leaves the job RESERVED with a lease: once the
// lease ends, a retry with the same idempotency key takes the job over (keeping its reservation), or the
// sweeper (release-stale-affix-jobs.ts) releases it. Quota is never consumed without a stored file, and a
// retry of a completed request returns the same file and serials without consuming anything.
import { appendAudit, auditStatement, type TAuditActor } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import { newId, sqlTransaction, sqlWritesTogether, type TSqlValue } from "@/lib/db/driver";
import { isUniqueViolation } from "@/lib/db/database-errors";
import { readStoredJson } from "@/lib/db/stored-json";
import { env } from "@/lib/env";
import { observeAffix } from "@/lib/metrics";
import { AppError } from "@/lib/errors";
import { generateSerial } from "@/lib/pdf/serial";
import { releaseQuota, reserveQuota } from "@/lib/quota";
import { movementStatements, refusedMovement } from "@/lib/quota/ledger";
import { fileStore, getFile, sha256Hex, type TFileStore } from "@/lib/storage/file-store";
import { affixErrors, fromPdfError } from "./affix-errors";
import { requestFingerprint, ZSerials, type TDocumentDetails, type TPlacement } from "./affix-request";
import { pdfPool } from "./pdf-pool";
import { processSingleton } from "@/lib/process-singleton";

export type TAffixInput = {
  userId: string;
  actor: TAuditActor;
  pdf: Uint8Array;
  fileName?: string;
  placements: TPlacement[];
  details: TDocumentDetails;
  idempotencyKey: string;
  /**
   * The caller will not read `pdf` again: it is moved to the worker (detached here) instead of copied. In
   * shared memory, it is read there in place, and the stamped file may come back written over it.
   */
  handOverPdf?: boolean;
};

export type TAffixResult = {
  jobId: string;
  serials: string[];
  pdf: Uint8Array;
  repaired: boolean;
  /** True when this answers a retry of an already completed request. */
  replayed: boolean;
};

/** A job this process works on: its attempt, its lease (the claim's token) and its reservation's units. */
type TClaim = { jobId: string; attempt: number; lease: Date; units: number };

// Per process, on globalThis: the front door serves the affix API from its own bundle, and the pages'
// server actions run in Next's; a retry arriving through either must find the work in progress.
const inFlight = processSingleton("affix-in-flight", () => new Map<string, Promise<TRun>>());

/** A finished attempt: its answer, and the fingerprint of the request it answered. */
type TRun = { result: TAffixResult; fingerprint: string };

function leaseMs() {
  // Long enough for the slowest allowed task, short enough that a retry after a crash is not kept waiting long.
  return env().pdf.taskTimeoutMs + 10_000;
}

export function reservationId(jobId: string, attempt: number) {
  return `${jobId}:${attempt}`;
}

export async function affixStamps(input: TAffixInput): Promise<TAffixResult> {
  const started = performance.now();
  try {
    const result = await affixOnce(input);
    observeAffix((performance.now() - started) / 1000, result.replayed ? "replayed" : "ok");
    return result;
  } catch (error) {
    observeAffix((performance.now() - started) / 1000, "failed");
    throw error;
  }
}

/**
 * A job's fingerprint and input hash before its file has been hashed. The common request (a new key) does
 * not hash its file on the event loop: the PDF worker hashes it anyway (the signature covers it), and
 * `complete` records the fingerprint from that hash. That pass over an 800 KB upload was 0.45 ms of the
 * event loop per stamp (a tenth of it) in a profile of bench:affix. A failed attempt records it in
 * `release`, so a key is bound to its first file whether the attempt succeeded or not; only a process
 * killed mid-stamp leaves it unknown, and then a retry's file is taken (nothing was delivered for the key).
 */
const NOT_HASHED = "";

async function affixOnce(input: TAffixInput): Promise<TAffixResult> {
  if (input.pdf.byteLength > env().uploadMaxBytes) throw affixErrors.tooLarge(env().uploadMaxBytes);
  // One request per key at a time in this process, from before its job exists until its outcome is
  // recorded. Keyed by the job's id instead, a second request could look between the first one's commit
  // and its entry here, or read the job as RESERVED just before the first completed it, and would have been
  // told AFFIX_IN_PROGRESS instead of getting the answer or IDEMPOTENCY_KEY_REUSED (a CI run on PostgreSQL).
  const slot = `${input.userId}\n${input.idempotencyKey}`;
  const running = inFlight.get(slot);
  if (running) {
    const done = await running.catch(() => null);
    // Failed: the job is released and bound to that file; what the database holds now decides.
    if (!done) return affixOnce(input);
    if (done.fingerprint !== fingerprintOf(input).fingerprint) throw affixErrors.keyReused();
    // A copy: the running request gives the memory of its answer back once it has sent it (routes.ts).
    return { ...done.result, pdf: new Uint8Array(done.result.pdf), replayed: true };
  }
  const work = claimAndRun(input);
  inFlight.set(slot, work);
  try {
    return (await work).result;
  } finally {
    inFlight.delete(slot);
  }
}

async function claimAndRun(input: TAffixInput): Promise<TRun> {
  // Bytes moved to the worker (not shared memory) are gone if the attempt fails: those are hashed now.
  const early = input.handOverPdf && !(input.pdf.buffer instanceof SharedArrayBuffer) ? fingerprintOf(input) : null;
  // A new key is the common case: the job is created first, and only a key already taken is looked up.
  const created = await createJob(input, early ?? { fingerprint: NOT_HASHED, inputSha256: NOT_HASHED });
  let claim: TClaim;
  let known = early;
  if ("taken" in created) {
    // An earlier request, finished (this process holds no other request for the key), or one in another
    // process, still running or dead.
    known ??= fingerprintOf(input);
    const existing = await findJob(input.userId, input.idempotencyKey);
    if (!existing) throw affixErrors.inProgress(1); // taken, then gone: only if rolled back meanwhile; a retry decides
    if (existing.requestSha256 !== NOT_HASHED && existing.requestSha256 !== known.fingerprint) throw affixErrors.keyReused();
    if (existing.status === "COMPLETED") return { result: await replay(existing), fingerprint: known.fingerprint };
    claim = await claimExisting(existing, input);
  } else {
    claim = created;
  }
  return runClaimed(claim, input, known);
}

function fingerprintOf(input: TAffixInput, inputSha256 = sha256Hex(input.pdf)) {
  return { fingerprint: requestFingerprint(inputSha256, input.placements, input.details), inputSha256 };
}

type TJobRow = NonNullable<Awaited<ReturnType<typeof findJob>>>;

function findJob(userId: string, idempotencyKey: string) {
  return db().affixJob.findUnique({
    where: { userId_idempotencyKey: { userId, idempotencyKey } },
    select: { id: true, status: true, requestSha256: true, attempt: true, leaseExpiresAt: true, outputSha256: true, serials: true, repaired: true, units: true },
  });
}

async function replay(job: TJobRow): Promise<TAffixResult> {
  const serials = readStoredJson(ZSerials, job.serials, "affix job's serials");
  const pdf = job.outputSha256 ? await getFile(job.outputSha256) : null;
  if (!pdf) throw affixErrors.notRetained(serials);
  return { jobId: job.id, serials, pdf, repaired: job.repaired, replayed: true };
}

/**
 * The job and its reservation, in one transaction; `taken` when the user already has a job with this key.
 * Plain SQL (lib/db/driver.ts): this and `complete` run for every stamp.
 */
async function createJob(input: TAffixInput, { fingerprint, inputSha256 }: { fingerprint: string; inputSha256: string }): Promise<TClaim | { taken: true }> {
  const now = new Date();
  const lease = new Date(now.getTime() + leaseMs());
  const units = input.placements.length;
  const jobId = newId();
  // On SQLite the commit does not wait for the disk: nothing is handed out on a reservation. The stamp goes
  // out only after `complete` commits, and that commit (or a release's) makes this one durable too. A power
  // loss before it takes the job and its reservation together: the quota is back, no stamp was delivered,
  // and a retry of the key starts afresh. On PostgreSQL it is one statement, whose commit waits.
  // The job is new here, so its reservation cannot exist yet: the movement is applied directly
  // (reserveQuota would look for it first). The ledger's unique (kind, affixJobId) still holds.
  const movement = { userId: input.userId, kind: "RESERVE" as const, units, affixJobId: reservationId(jobId, 1) };
  try {
    const { refused } = await sqlWritesTogether(
      db(),
      [
        {
          sql: `INSERT INTO "AffixJob" ("id", "userId", "idempotencyKey", "requestSha256", "units", "attempt", "status", "leaseExpiresAt", "inputSha256", "serials", "fileName", "documentType", "documentNumber", "documentDate", "repaired", "createdAt")
                VALUES (?, ?, ?, ?, ?, 1, 'RESERVED', ?, ?, '[]', ?, ?, ?, ?, ?, ?)`,
          values: [jobId, input.userId, input.idempotencyKey, fingerprint, units, lease, inputSha256, input.fileName?.slice(0, 200) ?? null, input.details.documentType, input.details.documentNumber, input.details.documentDate, false, now],
        },
        ...movementStatements(movement, now),
      ],
      // The account had the units (its update changed a row), or nothing is written.
      [1],
      { flushedByNextCommit: true },
    );
    if (refused) {
      await sqlTransaction(db(), (tx) => refusedMovement(tx, movement, 0));
      throw new Error("the reservation was refused, and the account says why not"); // never reached: refusedMovement throws
    }
    return { jobId, attempt: 1, lease, units };
  } catch (error) {
    // The unique (userId, key): a retry, or two identical requests at once. The caller looks the job up.
    if (isUniqueViolation(error)) return { taken: true };
    throw error;
  }
}

async function claimExisting(job: TJobRow, input: TAffixInput): Promise<TClaim> {
  const now = new Date();
  const lease = new Date(now.getTime() + leaseMs());
  if (job.status === "RESERVED") {
    // The process that held it died (or is stuck past its lease): take the job over with its reservation.
    const { count } = await db().affixJob.updateMany({
      where: { id: job.id, status: "RESERVED", OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }] },
      data: { leaseExpiresAt: lease },
    });
    if (count === 0) {
      const remaining = Math.max(1, Math.ceil(((job.leaseExpiresAt?.getTime() ?? now.getTime()) - now.getTime()) / 1000));
      throw affixErrors.inProgress(remaining);
    }
    return { jobId: job.id, attempt: job.attempt, lease, units: job.units };
  }
  // RELEASED (an earlier attempt failed or was abandoned): a new attempt needs a new reservation.
  return db().$transaction(async (tx) => {
    const attempt = job.attempt + 1;
    const { count } = await tx.affixJob.updateMany({
      where: { id: job.id, status: "RELEASED", attempt: job.attempt },
      data: { status: "RESERVED", attempt, leaseExpiresAt: lease, failureCode: null },
    });
    if (count === 0) throw affixErrors.inProgress(1);
    await reserveQuota({ tx, userId: input.userId, affixJobId: reservationId(job.id, attempt), units: job.units });
    return { jobId: job.id, attempt, lease, units: job.units };
  });
}

type TFingerprint = ReturnType<typeof fingerprintOf>;

/** `known`: the request's fingerprint when it was computed before (else the worker's hash gives it). */
async function runClaimed(claim: TClaim, input: TAffixInput, known: TFingerprint | null): Promise<TRun> {
  await failpoint("afterReserve");
  try {
    const serials = input.placements.map(() => generateSerial());
    const publicUrl = env().publicUrl;
    // With retention 0 nothing is kept: the hash is recorded, the bytes go only to this response.
    const store = env().retentionDays > 0 ? fileStore() : null;
    const stamped = await (await pdfPool()).stamp({
      // The pool transfers (detaches) the buffer it is given: a copy, unless the caller hands the bytes over.
      pdf: input.handOverPdf ? input.pdf : new Uint8Array(input.pdf),
      stamps: input.placements.map((p, i) => ({ ...p, serial: serials[i], verifyUrl: `${publicUrl}/v/${serials[i]}` })),
      signedAt: new Date(),
      location: "Indonesia",
      maxBytes: env().uploadMaxBytes,
      // Stored (fsynced) by the pool before it answers: the quota is consumed below only for a stored file.
      storeIn: store?.workerDir,
      owner: `account:${input.userId}`,
    });
    // The worker's hash of the input (it signs over it): the same bytes, so the same fingerprint. From here
    // on the input's bytes may be gone (a repaired file is answered over them), so a failure uses it too.
    known ??= fingerprintOf(input, stamped.originalSha256);
    // The last revision ends at the end of the file: its hash is the output's, already computed by the worker.
    const outputSha256 = stamped.revisions[stamped.revisions.length - 1].signedRevisionSha256;
    // An object store is written here, before the quota is consumed: a failure refuses the stamp (503).
    if (store && !store.workerDir) await storeOutput(store, outputSha256, stamped.pdf);
    const { fingerprint } = known;
    await complete(claim, input, stamped, outputSha256, serials, fingerprint);
    return { result: { jobId: claim.jobId, serials, pdf: stamped.pdf, repaired: stamped.repaired, replayed: false }, fingerprint };
  } catch (error) {
    const failureCode = error instanceof AppError ? error.code : ((error as { code?: string }).code ?? "INTERNAL");
    // Stamped but not stored: the worker's hash of the input (a repaired file's answer is over its bytes).
    const stampedInput = (error as { originalSha256?: unknown }).originalSha256;
    if (!known && typeof stampedInput === "string") known = fingerprintOf(input, stampedInput);
    await release(claim, input, failureCode, known).catch((releaseError) =>
      // The database may be the thing that failed: the lease runs out and the sweeper releases it later.
      console.error(`[affix] could not release job ${claim.jobId} now; the sweeper will`, releaseError),
    );
    throw fromPdfError(error) ?? (failureCode === "STORAGE_FAILED" ? affixErrors.storageFailed() : error);
  }
}

async function storeOutput(store: TFileStore, sha256: string, pdf: Uint8Array) {
  await failpoint("beforeStore");
  try {
    await store.put(sha256, pdf);
  } catch (error) {
    console.error(`[affix] storing ${sha256} in the ${store.kind} store failed: ${(error as Error).message}`);
    throw Object.assign(new Error("storing the stamped file failed"), { code: "STORAGE_FAILED" });
  }
}

async function complete(
  claim: TClaim,
  input: TAffixInput,
  stamped: { repaired: boolean; originalSha256: string; pdf: Uint8Array; revisions: { serial: string; page: number; rect: number[]; signedRevisionSha256: string }[] },
  outputSha256: string,
  serials: string[],
  fingerprint: string,
) {
  const retentionDays = env().retentionDays;
  const now = new Date();
  // Every stamp of the document in one statement.
  const values: TSqlValue[] = [];
  let previousSha256 = stamped.originalSha256;
  for (const [sequence, revision] of stamped.revisions.entries()) {
    const [x1, y1, x2, y2] = revision.rect;
    values.push(newId(), revision.serial, input.userId, claim.jobId, sequence, revision.page, x1, y1, x2, y2, previousSha256, revision.signedRevisionSha256);
    values.push(input.details.documentType, input.details.documentNumber, input.details.documentDate, now);
    previousSha256 = revision.signedRevisionSha256;
  }
  // The job goes from RESERVED (this attempt, this lease) to COMPLETED, and every settlement of a
  // reservation makes that move away from RESERVED in its own transaction: if the job moves here, this
  // reservation is still open, so it is consumed directly (consumeQuota would look it up first). The
  // ledger's unique (kind, affixJobId) still refuses a second CONSUME.
  const movement = { userId: input.userId, kind: "CONSUME" as const, units: claim.units, affixJobId: reservationId(claim.jobId, claim.attempt) };
  const writes = [
    // The lease is the claim's token: if another process took the job over meanwhile, this attempt loses.
    {
      sql: `UPDATE "AffixJob" SET "status" = 'COMPLETED', "leaseExpiresAt" = NULL, "requestSha256" = ?, "inputSha256" = ?, "outputSha256" = ?, "outputSize" = ?, "serials" = ?, "repaired" = ?, "completedAt" = ?, "expiresAt" = ?
            WHERE "id" = ? AND "status" = 'RESERVED' AND "attempt" = ? AND "leaseExpiresAt" = ?`,
      values: [fingerprint, stamped.originalSha256, outputSha256, stamped.pdf.byteLength, JSON.stringify(serials), stamped.repaired, now, new Date(now.getTime() + retentionDays * 86_400_000), claim.jobId, claim.attempt, claim.lease],
    },
    {
      sql: `INSERT INTO "Stamp" ("id", "serial", "userId", "affixJobId", "sequence", "page", "rectX1", "rectY1", "rectX2", "rectY2", "documentSha256", "signedRevisionSha256", "documentType", "documentNumber", "documentDate", "affixedAt", "status")
            VALUES ${stamped.revisions.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE')").join(", ")}`,
      values,
    },
    ...movementStatements(movement, now),
    auditStatement({ actor: input.actor, action: "affix.complete", targetType: "AffixJob", targetId: claim.jobId, data: { serials, outputSha256 } }, now),
  ];
  // The job's row moved (the lease held) and the account had the reservation, or nothing is written. A
  // lost lease can also end in a unique refusal: the attempt that took the job over consumed this same
  // reservation (a takeover keeps the attempt) or wrote its stamps first. Either way another attempt has
  // the job, as when the job's row did not move. On the disk before the stamp goes out, but the event
  // loop does not wait for it (lib/db/driver.ts).
  const { counts, refused } = await sqlWritesTogether(db(), writes, [0, 2], { flushedOffTheEventLoop: true }).catch((error: unknown) => {
    throw isUniqueViolation(error) ? affixErrors.inProgress(1) : error;
  });
  if (!refused) return;
  const [jobsChanged, , accountsChanged] = counts;
  if (jobsChanged === 0) throw affixErrors.inProgress(1);
  await sqlTransaction(db(), (tx) => refusedMovement(tx, movement, accountsChanged));
  // Refused, and neither the lease nor the account explains it: nothing was written, so no stamp goes out.
  throw new Error("the completion was refused for no known reason");
}

async function release(claim: TClaim, input: TAffixInput, failureCode: string, known: TFingerprint | null) {
  // Not known yet (the worker did not answer): the input is still readable, in shared memory (a worker
  // writes there only after it, or over it when it answers) or as the caller's own bytes (the worker got a copy).
  const { fingerprint, inputSha256 } = known ?? fingerprintOf(input);
  await db().$transaction(async (tx) => {
    const { count } = await tx.affixJob.updateMany({
      where: { id: claim.jobId, status: "RESERVED", attempt: claim.attempt, leaseExpiresAt: claim.lease },
      data: { status: "RELEASED", leaseExpiresAt: null, failureCode: failureCode.slice(0, 60), requestSha256: fingerprint, inputSha256 },
    });
    if (count === 0) return; // taken over by a retry: its owner decides
    await releaseQuota({ tx, affixJobId: reservationId(claim.jobId, claim.attempt), reason: failureCode });
    await appendAudit(tx, { actor: input.actor, action: "affix.release", targetType: "AffixJob", targetId: claim.jobId, data: { failureCode } });
  });
}

/**
 * Test-only pause points (AFFIX_FAILPOINT=afterReserve:5000) so a test can kill the server while a
 * reservation is open. Unset in production, where it costs one map lookup.
 */
async function failpoint(name: string) {
  const ms = env().failpoints[name];
  if (ms) await new Promise((resolve) => setTimeout(resolve, ms));
}
