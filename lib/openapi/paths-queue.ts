// The waiting room: public queue numbers, the waiting ticket, leaving, and the operators' settings.
import { z } from "zod";
import { ZAreaParams, ZAreaQuery, ZQueueAreaSummary, ZQueueLeft, ZQueueSummaries, ZQueueView, ZQueueWaiting } from "@/lib/queue/api-schemas";
import { ZQueueSettingsInput, ZQueueSettingsView } from "@/lib/queue/queue-settings";
import { errorResponse, json, type TOpenApiArea } from "./types";

const ticketHeader = {
  name: "X-Queue-Ticket",
  required: false,
  description: "The token from the last X-Queue-Ticket response header (waiting ticket or admitted session).",
  schema: z.string(),
};
const operatorErrors = { "401": errorResponse("Missing token."), "403": errorResponse("Not an operator."), "404": errorResponse("Unknown area.") };

export const queueArea = (): TOpenApiArea => ({
  tag: {
    name: "queue",
    description:
      "Waiting room for buying (POST /api/v1/orders) and affixing (POST /api/v1/affix). When an area is full those endpoints answer " +
      "503 with Retry-After, a QueueWaiting body and an X-Queue-Ticket header: send the same request again after Retry-After with that " +
      "header (the latest value each time). When admitted, the response carries the session token in X-Queue-Ticket; keep sending it. " +
      "Verification and status are never queued. Under overload, heavy requests of callers who are not admitted get 503 OVERLOADED with Retry-After.",
  },
  schemas: { QueueWaiting: ZQueueWaiting, QueueAreaSummary: ZQueueAreaSummary, QueueTicketState: ZQueueView, QueueSettings: ZQueueSettingsView },
  paths: {
    "/api/v1/queue": {
      get: {
        operationId: "getQueues",
        summary: "Each protected area's queue length and estimated wait",
        tags: ["queue"],
        security: [],
        responses: { "200": json(ZQueueSummaries, "Queue numbers.") },
      },
    },
    "/api/v1/queue/ticket": {
      get: {
        operationId: "pollQueueTicket",
        summary: "Poll a waiting ticket (keeps it alive; call at least every 2 minutes)",
        tags: ["queue"],
        security: [],
        query: ZAreaQuery,
        headers: [ticketHeader],
        responses: { "200": json(ZQueueView, "The ticket's state. When admitted, X-Queue-Ticket carries the session token.") },
      },
    },
    "/api/v1/queue/leave": {
      post: {
        operationId: "leaveQueue",
        summary: "Leave the queue or end an admitted session (frees the place at once)",
        tags: ["queue"],
        security: [],
        query: ZAreaQuery,
        headers: [ticketHeader],
        responses: { "200": json(ZQueueLeft, "Whether a place was freed.") },
      },
    },
    "/api/v1/admin/queue/{area}": {
      get: {
        operationId: "getQueueSettings",
        summary: "An area's waiting-room settings (operator)",
        tags: ["queue"],
        params: ZAreaParams,
        responses: { "200": json(ZQueueSettingsView, "Settings."), ...operatorErrors },
      },
      put: {
        operationId: "updateQueueSettings",
        summary: "Change an area's waiting-room settings (operator); omitted fields keep their value",
        tags: ["queue"],
        params: ZAreaParams,
        body: ZQueueSettingsInput,
        responses: { "200": json(ZQueueSettingsView, "The saved settings, in effect at once."), "400": errorResponse("Invalid settings."), ...operatorErrors },
      },
    },
  },
});
