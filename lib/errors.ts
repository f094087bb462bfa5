// One error type for the whole domain. Each edge translates it: server actions return
// { ok: false, error }, route handlers a 4xx JSON body, pages notFound() or a message.

import { z } from "zod";

export type TLocalized = { id: string; en: string };

/** The JSON body of every 4xx/5xx an API route answers (lib/edge/api-handler.ts errorResponse). */
export const ZErrorBody = z.object({
  error: z.object({
    code: z.string().describe("Machine-readable, e.g. INVALID_INPUT."),
    message: z.string().describe("English message."),
    messageId: z.string().describe("Indonesian message."),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type TErrorBody = z.infer<typeof ZErrorBody>;

const STATUS_BY_CODE: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAVAILABLE: 503,
};

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly userMessage: TLocalized;
  readonly details?: Record<string, unknown>;

  constructor(code: string, userMessage: TLocalized, options: { status?: number; details?: Record<string, unknown> } = {}) {
    super(`${code}: ${userMessage.en}`);
    this.code = code;
    this.status = options.status ?? STATUS_BY_CODE[code] ?? 400;
    this.userMessage = userMessage;
    this.details = options.details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export const commonErrors = {
  unauthenticated: () =>
    new AppError("UNAUTHENTICATED", { id: "Silakan masuk terlebih dahulu.", en: "Please sign in first." }),
  forbidden: () =>
    new AppError("FORBIDDEN", { id: "Anda tidak berhak melakukan ini.", en: "You are not allowed to do this." }),
  notFound: () => new AppError("NOT_FOUND", { id: "Tidak ditemukan.", en: "Not found." }),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError(
      "RATE_LIMITED",
      {
        id: `Terlalu banyak percobaan. Coba lagi dalam ${retryAfterSeconds} detik.`,
        en: `Too many attempts. Try again in ${retryAfterSeconds} seconds.`,
      },
      { details: { retryAfterSeconds } },
    ),
  invalidInput: (id: string, en: string, details?: Record<string, unknown>) =>
    new AppError("INVALID_INPUT", { id, en }, { details }),
  /** Input that failed its schema, when no more specific message fits. */
  invalidData: (details?: Record<string, unknown>) => new AppError("INVALID_INPUT", { id: "Data tidak valid.", en: "Invalid input." }, { details }),
};
