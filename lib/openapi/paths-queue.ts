// The waiting room: public queue numbers, the waiting ticket, leaving, and the operators' settings.
import { errorResponse, json, ref, type TOpenApiArea } from "./types";

const areaParam = { name: "area", in: "path", required: true, schema: { type: "string", enum: ["buy", "affix"] } };
const areaQuery = { name: "area", in: "query", required: true, schema: { type: "string", enum: ["buy", "affix"] } };
const ticketHeader = {
  name: "X-Queue-Ticket",
  in: "header",
  required: false,
  description: "The token from the last X-Queue-Ticket response header (waiting ticket or admitted session).",
  schema: { type: "string" },
};

export const queueArea: TOpenApiArea = {
  tag: {
    name: "queue",
    description:
      "Waiting room for buying (POST /api/v1/orders) and affixing (POST /api/v1/affix). When an area is full those endpoints answer " +
      "503 with Retry-After, a QueueWaiting body and an X-Queue-Ticket header: send the same request again after Retry-After with that " +
      "header (the latest value each time). When admitted, the response carries the session token in X-Queue-Ticket; keep sending it. " +
      "Verification and status are never queued. Under overload, heavy requests of callers who are not admitted get 503 OVERLOADED with Retry-After.",
  },
  schemas: {
    QueueWaiting: {
      type: "object",
      required: ["position", "ahead", "estimatedWaitSeconds", "retryAfterSeconds"],
      properties: {
        position: { type: ["integer", "null"], minimum: 1, description: "Null before a scheduled opening (the pre-queue is shuffled at opening)." },
        ahead: { type: ["integer", "null"], minimum: 0 },
        estimatedWaitSeconds: { type: "integer", minimum: 0, description: "People ahead ÷ measured admission rate." },
        retryAfterSeconds: { type: "integer", minimum: 1 },
        phase: { type: "string", enum: ["queue", "pre-queue"] },
        area: { type: "string", enum: ["buy", "affix"] },
        error: ref("Error"),
      },
    },
    QueueAreaSummary: {
      type: "object",
      required: ["area", "enabled", "waiting", "active", "estimatedWaitSeconds"],
      properties: {
        area: { type: "string", enum: ["buy", "affix"] },
        enabled: { type: "boolean" },
        waiting: { type: "integer", minimum: 0 },
        active: { type: "integer", minimum: 0 },
        estimatedWaitSeconds: { type: "integer", minimum: 0 },
        admitPerMinute: { type: "integer" },
        measuredAdmitPerMinute: { type: ["number", "null"] },
        maxActiveUsers: { type: "integer" },
        admittedTotal: { type: "integer" },
        opensAt: { type: ["string", "null"], format: "date-time" },
      },
    },
    QueueTicketState: {
      type: "object",
      required: ["state", "area"],
      properties: {
        state: { type: "string", enum: ["waiting", "admitted", "refused", "none"] },
        area: { type: "string", enum: ["buy", "affix"] },
        phase: { type: "string", enum: ["queue", "pre-queue"] },
        position: { type: ["integer", "null"] },
        ahead: { type: ["integer", "null"] },
        estimatedWaitSeconds: { type: "integer" },
        updatedAt: { type: "string", format: "date-time" },
        pollAfterSeconds: { type: "integer" },
        reason: { type: "string", enum: ["forged", "binding_mismatch", "expired", "ip_limit"] },
        next: { type: "string" },
        admissionNumber: { type: ["integer", "null"], description: "Order of admission across all processes (when admitted)." },
      },
    },
    QueueSettings: {
      type: "object",
      properties: {
        area: { type: "string", enum: ["buy", "affix"], readOnly: true },
        enabled: { type: "boolean" },
        maxActiveUsers: { type: "integer", minimum: 0 },
        admitPerMinute: { type: "integer", minimum: 1 },
        sessionMinutes: { type: "integer", minimum: 1, maximum: 1440, description: "An admitted session ends after this long without a request." },
        opensAt: { type: ["string", "null"], format: "date-time", description: "Scheduled opening; arrivals before it are shuffled at opening." },
      },
    },
  },
  paths: {
    "/api/v1/queue": {
      get: {
        operationId: "getQueues",
        summary: "Each protected area's queue length and estimated wait",
        tags: ["queue"],
        security: [],
        responses: {
          "200": json({ type: "object", required: ["areas"], properties: { areas: { type: "array", items: ref("QueueAreaSummary") }, updatedAt: { type: "string", format: "date-time" } } }, "Queue numbers."),
        },
      },
    },
    "/api/v1/queue/ticket": {
      get: {
        operationId: "pollQueueTicket",
        summary: "Poll a waiting ticket (keeps it alive; call at least every 2 minutes)",
        tags: ["queue"],
        security: [],
        parameters: [areaQuery, ticketHeader],
        responses: { "200": json(ref("QueueTicketState"), "The ticket's state. When admitted, X-Queue-Ticket carries the session token.") },
      },
    },
    "/api/v1/queue/leave": {
      post: {
        operationId: "leaveQueue",
        summary: "Leave the queue or end an admitted session (frees the place at once)",
        tags: ["queue"],
        security: [],
        parameters: [areaQuery, ticketHeader],
        responses: { "200": json({ type: "object", properties: { area: { type: "string" }, released: { type: "boolean" } } }, "Whether a place was freed.") },
      },
    },
    "/api/v1/admin/queue/{area}": {
      get: {
        operationId: "getQueueSettings",
        summary: "An area's waiting-room settings (operator)",
        tags: ["queue"],
        parameters: [areaParam],
        responses: { "200": json(ref("QueueSettings"), "Settings."), "401": errorResponse("Missing token."), "403": errorResponse("Not an operator.") },
      },
      put: {
        operationId: "updateQueueSettings",
        summary: "Change an area's waiting-room settings (operator); omitted fields keep their value",
        tags: ["queue"],
        parameters: [areaParam],
        requestBody: { required: true, content: { "application/json": { schema: ref("QueueSettings") } } },
        responses: {
          "200": json(ref("QueueSettings"), "The saved settings, in effect at once."),
          "400": errorResponse("Invalid settings."),
          "401": errorResponse("Missing token."),
          "403": errorResponse("Not an operator."),
          "404": errorResponse("Unknown area."),
        },
      },
    },
  },
};
