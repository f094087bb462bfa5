// RSS 2.0 and Atom 1.0 feeds of incidents and maintenance: one entry per incident, its content the
// timeline of updates (newest first), so a feed reader shows each step as the entry changes.
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
  return `${state.page.url}#${i.kind}-${i.id}`;
}

export function renderRss(state: TStatusState, selfUrl: string): string {
  const items = entries(state)
    .map((i) => `<item><title>${x(`[${i.status}] ${i.name}`)}</title><link>${x(link(state, i))}</link><guid isPermaLink="false">${x(`${i.id}#${i.updates.length}`)}</guid><pubDate>${new Date(latest(i)).toUTCString()}</pubDate><category>${i.kind}</category><description>${x(describe(i))}</description></item>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>${x(state.page.name)} status</title><link>${x(state.page.url)}</link><description>Incidents and maintenance of ${x(state.page.name)}</description><language>id</language>
<atom:link href="${x(selfUrl)}" rel="self" type="application/rss+xml"/><lastBuildDate>${new Date(state.updatedAt).toUTCString()}</lastBuildDate>
${items}
</channel></rss>`;
}

export function renderAtom(state: TStatusState, selfUrl: string): string {
  const list = entries(state);
  const updated = list.length ? [latest(list[0]), state.updatedAt].sort().pop()! : state.updatedAt;
  const items = list
    .map((i) => `<entry><id>tag:${x(new URL(state.page.url).host)},2026:${i.kind}/${x(i.id)}</id><title>${x(`[${i.status}] ${i.name}`)}</title><link rel="alternate" type="text/html" href="${x(link(state, i))}"/><published>${i.publishedAt ?? i.createdAt}</published><updated>${latest(i)}</updated><category term="${i.kind}"/><content type="html">${x(describe(i))}</content></entry>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>${x(state.page.url)}</id><title>${x(state.page.name)} status</title><updated>${updated}</updated><author><name>${x(state.page.name)}</name></author>
<link rel="self" type="application/atom+xml" href="${x(selfUrl)}"/><link rel="alternate" type="text/html" href="${x(state.page.url)}"/>
${items}
</feed>`;
}
