// The public status page as one self-contained HTML document (inline CSS, no JavaScript). The same
// function serves /status and writes the static export, and its output is cached per state version:
// rendering a string is what keeps /status cheap under load (see bench/status.ts).
import type { TLocale } from "@/lib/i18n/define-messages";
import { commonMessages } from "@/lib/i18n/messages/common";
import { infoMessages } from "@/lib/i18n/messages/info";
import { statusMessages, type TStatusMessages } from "@/lib/i18n/messages/status";
import { jakartaDay, type TDayStatus } from "./catalog";
import { escapeHtml as e, formatJakartaDate, formatJakartaTime } from "./format";
import { isIncidentOpen, isMaintenanceActive, isMaintenanceUpcoming, type TStateIncident, type TStatusState } from "./state";
import { overallIndicator } from "./statuspage-v2";
import { lastDays } from "./uptime";

export type TRenderOptions = {
  locale: TLocale;
  /** "live": served by the portal (language switch posts to /locale, subscribe form); "static": the export. */
  mode: "live" | "static";
  notice?: { ok: boolean; text: string; secret?: string };
  siteName?: string;
};

const COLORS: Record<TDayStatus, string> = {
  operational: "#16a34a",
  degraded_performance: "#eab308",
  partial_outage: "#f97316",
  major_outage: "#dc2626",
  under_maintenance: "#2563eb",
  no_data: "#cbd5e1",
};

// Text and banners in colours that reach 4.5:1 on white (WCAG 1.4.3); the bars keep the brighter ones.
const TEXT_COLORS: Record<TDayStatus, string> = {
  operational: "#15803d",
  degraded_performance: "#a16207",
  partial_outage: "#c2410c",
  major_outage: "#b91c1c",
  under_maintenance: "#1d4ed8",
  no_data: "#475569",
};

const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue","Noto Sans",Arial,sans-serif,"Apple Color Emoji","Segoe UI Emoji","Segoe UI Symbol","Noto Color Emoji";color:#0f172a;background:#f8fafc}
a{color:#1d4ed8}header.top{background:#831843;color:#fff}header.top .in{max-width:64rem;margin:auto;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header.top a{color:#fff}header.top .brand{font-weight:700;font-size:1.1rem;text-decoration:none}header.top .sp{margin-left:auto}header.top button{background:none;border:0;color:#fff;text-decoration:underline;font:inherit;cursor:pointer;padding:.25rem .5rem}
main{max-width:64rem;margin:auto;padding:1.5rem 1rem}nav.site ul{display:flex;flex-wrap:wrap;gap:.25rem;list-style:none;margin:0;padding:0}nav.site a{display:block;padding:.25rem .5rem;border-radius:.25rem;text-decoration:none}nav.site a[aria-current]{text-decoration:underline}h1{font-size:1.6rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:2rem 0 .75rem}h3{font-size:1rem;margin:0}
.banner{padding:1rem;border-radius:.5rem;color:#fff;font-weight:600;font-size:1.1rem}.note{padding:.75rem 1rem;border-radius:.5rem;background:#fef3c7;border:1px solid #f59e0b;margin-bottom:1rem}
.ok{padding:.75rem 1rem;border-radius:.5rem;background:#dcfce7;border:1px solid #16a34a;margin:.5rem 0}.err{padding:.75rem 1rem;border-radius:.5rem;background:#fee2e2;border:1px solid #dc2626;margin:.5rem 0}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:.5rem;padding:1rem;margin-bottom:.75rem}.comp-head{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem}
.pill{font-size:.9rem;font-weight:600}.muted{color:#475569;font-size:.9rem}
ol.bar{list-style:none;display:flex;gap:1px;padding:0;margin:.5rem 0 .25rem;height:2rem}ol.bar li{flex:1;min-width:0;border-radius:1px;position:relative}
ol.bar li:focus{outline:2px solid #0f172a;outline-offset:2px;z-index:2}ol.bar li:hover::after,ol.bar li:focus::after{content:attr(data-tip);position:absolute;bottom:2.4rem;left:50%;transform:translateX(-50%);background:#0f172a;color:#fff;font-size:.8rem;padding:.25rem .5rem;border-radius:.25rem;white-space:nowrap;z-index:3}
ol.bar li:nth-child(-n+10):hover::after,ol.bar li:nth-child(-n+10):focus::after{left:0;transform:none}ol.bar li:nth-last-child(-n+10):hover::after,ol.bar li:nth-last-child(-n+10):focus::after{left:auto;right:0;transform:none}
.bar-legend{display:flex;justify-content:space-between;font-size:.8rem;color:#475569}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
ol.timeline{list-style:none;padding:0;margin:.5rem 0 0;border-left:3px solid #e2e8f0}ol.timeline li{padding:0 0 .75rem .75rem}
.day{border-bottom:1px solid #e2e8f0;padding:.5rem 0}label{display:block;font-weight:600;margin:.5rem 0 .25rem}input[type=text],input[type=email],select{width:100%;max-width:30rem;padding:.5rem;border:1px solid #94a3b8;border-radius:.375rem;font:inherit}
button.btn{margin-top:.75rem;background:#7a1c3d;color:#fff;border:0;border-radius:.375rem;padding:.5rem 1rem;font:inherit;cursor:pointer}:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}header.top :focus-visible{outline-color:#fff}
code{word-break:break-all;background:#f1f5f9;padding:.1rem .25rem}footer{max-width:64rem;margin:auto;padding:1.5rem 1rem;color:#334155;font-size:.9rem;border-top:1px solid #e2e8f0}footer ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}`;

function statusLabel(t: TStatusMessages, s: TDayStatus) {
  return t[`status_${s}` as keyof TStatusMessages] as string;
}
function incidentStatusLabel(t: TStatusMessages, s: string) {
  return (t[`inc_${s}` as keyof TStatusMessages] as string | undefined) ?? s;
}

function componentNames(state: TStatusState, ids: string[], locale: TLocale) {
  return state.components.filter((c) => ids.includes(c.id)).map((c) => (locale === "id" ? c.name : c.nameEn)).join(", ");
}

function renderIncident(state: TStatusState, i: TStateIncident, t: TStatusMessages, locale: TLocale, headingLevel = 3) {
  const names = componentNames(state, i.componentIds, locale);
  const when = i.kind === "maintenance" && i.scheduledFor
    ? `<p class="muted">${t.scheduledFor}: ${e(formatJakartaTime(i.scheduledFor, locale))}${i.scheduledUntil ? ` ${t.until} ${e(formatJakartaTime(i.scheduledUntil, locale))}` : ""}</p>`
    : "";
  const updates = i.updates
    .map((u) => `<li><strong>${e(incidentStatusLabel(t, u.status))}</strong> — <time datetime="${u.displayAt}">${e(formatJakartaTime(u.displayAt, locale))}</time><br>${e(u.body).replace(/\n/g, "<br>")}</li>`)
    .join("");
  return `<article class="card" id="${i.kind}-${e(i.id)}"><h${headingLevel}>${e(i.name)}</h${headingLevel}>
<p class="muted">${e(incidentStatusLabel(t, i.status))}${i.impact !== "maintenance" && i.impact !== "none" ? ` · ${t.impact}: ${e(t[`impact_${i.impact}`])}` : ""}${names ? ` · ${t.affects}: ${e(names)}` : ""}</p>${when}
<ol class="timeline">${updates}</ol></article>`;
}

export function renderStatusHtml(state: TStatusState, options: TRenderOptions): string {
  const { locale } = options;
  const t = statusMessages[locale];
  const siteName = options.siteName ?? (locale === "id" ? "Portal e-Meterai" : "e-Meterai Portal");
  const overall = overallIndicator(state);
  const bannerColor = { none: TEXT_COLORS.operational, minor: TEXT_COLORS.degraded_performance, major: TEXT_COLORS.partial_outage, critical: TEXT_COLORS.major_outage, maintenance: TEXT_COLORS.under_maintenance }[overall.indicator];
  const bannerText = overall.indicator === "maintenance" ? t.underMaintenance : t[`indicator_${overall.indicator}`];
  const live = options.mode === "live";
  const other: TLocale = locale === "id" ? "en" : "id";
  const feedBase = live ? "/status" : ".";
  // The same header and footer as the rest of the site; the static export (hosted elsewhere) links back absolutely.
  const c = commonMessages[locale];
  const info = infoMessages[locale];
  const site = live ? "" : state.page.url.replace(/\/+$/, "");
  const switcher = live
    ? `<form action="/locale" method="post"><input type="hidden" name="locale" value="${other}"><input type="hidden" name="back" value="/status"><button type="submit" lang="${other}" title="${e(t.language)}">${other === "en" ? "English" : "Bahasa Indonesia"}</button></form>`
    : `<a href="${locale === "id" ? "index.en.html" : "index.html"}" lang="${other}">${other === "en" ? "English" : "Bahasa Indonesia"}</a>`;

  const components = state.components
    .map((c) => {
      const name = locale === "id" ? c.name : c.nameEn;
      // "90 days" only when there are 90 days to speak of: a young installation says how many it has.
      const daysWithData = c.days.filter((d) => d.uptimePercent !== null).length;
      const over = daysWithData >= c.days.length ? t.uptime90 : t.uptimeDaysWithData(daysWithData);
      const segments = c.days
        .map((d) => {
          const pct = d.uptimePercent === null ? t.noData : `${d.uptimePercent.toFixed(2)}%`;
          const tip = `${formatJakartaDate(d.date, locale)}: ${pct} · ${statusLabel(t, d.worst)}`;
          return `<li tabindex="0" style="background:${COLORS[d.worst]}" data-tip="${e(tip)}"><span class="sr">${e(tip)}</span></li>`;
        })
        .join("");
      return `<div class="card"><div class="comp-head"><h3>${e(name)}</h3><span class="pill" style="color:${TEXT_COLORS[c.status]}">${e(statusLabel(t, c.status))}</span></div>
<ol class="bar" aria-label="${e(`${name}: ${t.uptimeBarLabel}`)}">${segments}</ol>
<div class="bar-legend"><span>${t.daysAgo90}</span><span>${c.uptimePercent === null ? t.noData : `${c.uptimePercent.toFixed(2)}%`} ${over}</span><span>${t.today}</span></div></div>`;
    })
    .join("");

  const active = state.incidents.filter(isIncidentOpen);
  const maint = state.maintenances.filter((m) => isMaintenanceActive(m) || isMaintenanceUpcoming(m));
  const pastDays = lastDays(new Date(), 7).reverse();
  const past = pastDays
    .map((day) => {
      const items = state.incidents.filter((i) => !isIncidentOpen(i) && jakartaDay(new Date(i.createdAt)) === day);
      const done = state.maintenances.filter((m) => m.status === "completed" && jakartaDay(new Date(m.resolvedAt ?? m.createdAt)) === day);
      const body = [...items, ...done].map((i) => renderIncident(state, i, t, locale, 4)).join("") || `<p class="muted">${t.noIncidentsThatDay}</p>`;
      return `<div class="day"><h3>${e(formatJakartaDate(day, locale))}</h3>${body}</div>`;
    })
    .join("");
  const queues = state.queues.length
    ? `<ul>${state.queues.map((q) => `<li><strong>${e(q.label[locale])}</strong>: ${q.waiting} ${t.queueWaiting}${q.estimatedWaitSeconds !== null ? ` · ${t.queueWait} ${Math.ceil(q.estimatedWaitSeconds / 60)} ${t.minutes}` : ""}</li>`).join("")}</ul>`
    : `<p class="muted">${t.queueEmpty}</p>`;
  const notice = options.notice
    ? `<div class="${options.notice.ok ? "ok" : "err"}" role="status">${e(options.notice.text)}${options.notice.secret ? ` <code>${e(options.notice.secret)}</code>` : ""}</div>`
    : "";
  const subscribe = live
    ? `<section aria-labelledby="subscribe"><h2 id="subscribe">${t.subscribe}</h2><p class="muted">${t.subscribeHelp}</p>${notice}
<form action="/status/subscribe" method="post"><label for="sub-kind">${t.subscribeKind}</label><select id="sub-kind" name="kind"><option value="EMAIL">${t.kindEmail}</option><option value="WEBHOOK">${t.kindWebhook}</option></select>
<label for="sub-target">${t.subscribeTarget}</label><input id="sub-target" name="target" type="text" required maxlength="300" autocomplete="email"><br><button class="btn" type="submit">${t.subscribeButton}</button></form></section>`
    : "";
  const snapshotNote = state.source === "snapshot" ? `<p class="note" role="status">${t.snapshotNote} ${e(formatJakartaTime(state.updatedAt, locale))}.</p>` : "";

  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(t.title)} · ${e(siteName)}</title>
<link rel="alternate" type="application/rss+xml" title="RSS" href="${feedBase}/feed.rss"><link rel="alternate" type="application/atom+xml" title="Atom" href="${feedBase}/feed.atom">
<style>${CSS}</style></head><body>
<header class="top"><div class="in"><a class="brand" href="/">${e(siteName)}</a><nav class="site" aria-label="${e(c.mainNavigation)}"><ul><li><a href="${site}/buy">${e(c.navBuy)}</a></li><li><a href="${site}/affix">${e(c.navAffix)}</a></li><li><a href="${site}/verify">${e(c.navVerify)}</a></li><li><a href="${live ? "/status" : "."}" aria-current="page">${e(c.navStatus)}</a></li></ul></nav><span class="sp">${switcher}</span></div></header>
<main id="main"><h1>${t.title}</h1>${snapshotNote}
<p class="banner" style="background:${bannerColor}" data-indicator="${overall.indicator}">${e(bannerText)}</p>
<section aria-labelledby="active"><h2 id="active">${t.activeIncidents}</h2>${active.map((i) => renderIncident(state, i, t, locale)).join("") || `<p class="muted">${t.noActiveIncidents}</p>`}</section>
<section aria-labelledby="maint"><h2 id="maint">${t.maintenance}</h2>${maint.map((i) => renderIncident(state, i, t, locale)).join("") || `<p class="muted">${t.noMaintenance}</p>`}</section>
<section aria-labelledby="comps"><h2 id="comps">${t.components}</h2>${components}</section>
<section aria-labelledby="queue"><h2 id="queue">${t.queue}</h2>${queues}</section>
<section aria-labelledby="past"><h2 id="past">${t.pastIncidents}</h2>${past}</section>
${subscribe}
<p class="muted">${t.feeds}: <a href="${feedBase}/feed.rss">RSS</a> · <a href="${feedBase}/feed.atom">Atom</a> · <a href="${live ? "/api/v2/summary.json" : "api/v2/summary.json"}">JSON (Statuspage v2)</a></p>
<p class="muted">${t.lastUpdated}: <time datetime="${state.updatedAt}">${e(formatJakartaTime(state.updatedAt, locale))}</time> · ${t.timesIn}</p>
</main>
<footer><nav aria-label="${e(info.footerNav)}"><ul><li><a href="${site}/help">${e(info.footerHelp)}</a></li><li><a href="${site}/privacy">${e(info.footerPrivacy)}</a></li><li><a href="${site}/terms">${e(info.footerTerms)}</a></li></ul></nav></footer></body></html>`;
}
