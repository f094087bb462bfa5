// The PDF worker thread (lib/stamps/pdf-pool.ts runs it): pre-flight inspection, signature reading and
// stamping. The signer is created once from the PEMs given at start; each task receives its PDF as a
// transferred ArrayBuffer (or in shared memory) and answers with a plain object (the stamped PDF
// transferred back, or written over the shared input). The pool has it stored by a store thread.
import { copyBytes } from "@/lib/copy-bytes";
import { inspectPdf } from "@/lib/pdf/inspect-pdf";
import { readSignatures } from "@/lib/pdf/read-signatures";
import type { Signer } from "@/lib/pdf/signer";
import { stampPdf, type StampPlacement } from "@/lib/pdf/stamp-pdf";
import { createSigner } from "@/lib/signing/pki";
import { createPkcs11Signer, type TPkcs11Config } from "@/lib/signing/pkcs11-key";
import { serveTasks, workerStartData } from "@/lib/workers/serve-tasks";

export type TPdfWorkerStart = { keyPem?: string; pkcs11?: TPkcs11Config; certChainPem?: string[] };

export type TStampTask = {
  pdf: Uint8Array;
  stamps: StampPlacement[];
  signedAt: number;
  location?: string;
  contactInfo?: string;
  maxPages?: number;
  maxBytes?: number;
  /** `pdf` starts a block of shared memory: answer with the stamped file written over it when it fits. */
  answerInPlace?: boolean;
};

const start = workerStartData<TPdfWorkerStart>();
let signer: Signer | undefined;

function requireSigner(): Signer {
  if (!(start.keyPem || start.pkcs11) || !start.certChainPem) throw new Error("the pool was started without a signer");
  // With an HSM each worker thread opens its own session; the key never comes here.
  signer ??= start.pkcs11 ? createPkcs11Signer(start.pkcs11) : createSigner({ keyPem: start.keyPem!, certChainPem: start.certChainPem });
  return signer;
}

serveTasks({
  inspect: async (task) => ({ value: await inspectPdf(task.pdf as Uint8Array, { maxPages: task.maxPages as number | undefined }) }),
  readSignatures: (task) => ({ value: readSignatures(task.pdf as Uint8Array) }),
  stamp: async (input) => {
    const task = input as unknown as TStampTask;
    const block = task.answerInPlace && task.pdf.buffer instanceof SharedArrayBuffer ? task.pdf.buffer : null;
    const result = await stampPdf({
      pdf: task.pdf,
      stamps: task.stamps,
      signer: requireSigner(),
      signedAt: new Date(task.signedAt),
      location: task.location,
      contactInfo: task.contactInfo,
      maxPages: task.maxPages,
      maxBytes: task.maxBytes,
      // The input starts the block (the pool asks for an answer in place only then): the stamped file
      // is completed there, after it, when it fits.
      writeAfterInput: block !== null,
    });
    if (block && result.pdf.byteLength <= block.byteLength) {
      // Not completed in the block (a repair rewrote the file): written over it from its start.
      if (result.pdf.buffer !== block) copyBytes(new Uint8Array(block), result.pdf, 0);
      return { value: { ...result, pdf: undefined, pdfInPlace: result.pdf.byteLength } };
    }
    return { value: result, transfer: [result.pdf.buffer as ArrayBuffer] };
  },
});
