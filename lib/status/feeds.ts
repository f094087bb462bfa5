// RSS 2.0 and Atom 1.0 feeds of incidents and maintenance: one entry per incident, its content the
// timeline of updates (newest first), so a feed reader shows each step as the entry changes.
import { createHash } from "node:crypto";
import { escapeHtml as x } from "./format";
import type { TStateIncident, TStatusState } from "./state";

function entries(state: TStatusState): TStateIncident[] {
  return [...state.incidents, ...state.maintenances].sort((a, b) => latest(b).localeCompare(latest(a))).slice(0, 50);
}

function latest(i: TStateIncident) {
  return i.updates[0]?.displayAt && i.updates[0].displayAt > i.updatedAt ? i.updates[0].displayAt : i.updatedAt;
}

function describe(i: TStateIncident) {
  const lines = i.updates.map((u) => `<p><strong>${x(u.status)}</strong> (${x(u.displayAt)}): ${x(u.body)}</p>`);
  if (i.kind === "maintenance" && i.scheduledFor) lines.unshift(`<p>Scheduled: ${x(i.scheduledFor)} – ${x(i.scheduledUntil ?? "")}</p>`);
  return lines.join("");
}

function link(state: TStatusState, i: TStateIncident) {
  return `${state.page.statusUrl}#${i.kind}-${i.id}`;
}

/**
 * An entry's Atom id: a name-based UUID (RFC 9562 version 5 layout) of the page and the entry, so it
 * never changes and needs no host name (a tag: URI does, and an address with a port is not one).
 */
export function entryId(state: TStatusState, i: TStateIncident): string {
  const hex = createHash("sha1").update(`${state.page.id}/${i.kind}/${i.id}`).digest("hex").slice(0, 32).split("");
  hex[12] = "5";
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function renderRss(state: TStatusState, selfUrl: string): string {
  const items = entries(state)
    .map((i) => `<item><title>${x(`[${i.status}] ${i.name}`)}</title><link>${x(link(state, i))}</link><guid isPermaLink="false">${x(`${i.id}#${i.updates.length}`)}</guid><pubDate>${new Date(latest(i)).toUTCString()}</pubDate><category>${i.kind}</category><description>${x(describe(i))}</description></item>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>${x(state.page.name)} status</title><link>${x(state.page.statusUrl)}</link><description>Incidents and maintenance of ${x(state.page.name)}</description><language>id</language>
<atom:link href="${x(selfUrl)}" rel="self" type="application/rss+xml"/><lastBuildDate>${new Date(state.updatedAt).toUTCString()}</lastBuildDate>
${items}
</channel></rss>`;
}

export function renderAtom(state: TStatusState, selfUrl: string): string {
  const list = entries(state);
  const updated = list.length ? [latest(list[0]), state.updatedAt].sort().pop()! : state.updatedAt;
  const items = list
    .map((i) => `<entry><id>${entryId(state, i)}</id><title>${x(`[${i.status}] ${i.name}`)}</title><link rel="alternate" type="text/html" href="${x(link(state, i))}"/><published>${i.publishedAt ?? i.createdAt}</published><updated>${latest(i)}</updated><category term="${i.kind}"/><content type="html">${x(describe(i))}</content></entry>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>${x(state.page.statusUrl)}</id><title>${x(state.page.name)} status</title><updated>${updated}</updated><author><name>${x(state.page.name)}</name></author>
<link rel="self" type="application/atom+xml" href="${x(selfUrl)}"/><link rel="alternate" type="text/html" href="${x(state.page.statusUrl)}"/>
${items}
</feed>`;
}
