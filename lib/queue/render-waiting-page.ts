// The waiting page as one self-contained HTML document (inline CSS, a few lines of inline script),
// like /status: during a rush thousands of people load it, so it is a string, not a React render.
// Without JavaScript a <meta refresh> inside <noscript> reloads it every 20 seconds.
import { escapeHtml } from "@/lib/http/escape-html";
import { formatJakartaClock, formatJakartaTime } from "@/lib/i18n/format-time";
import type { TLocale } from "@/lib/i18n/define-messages";
import { queueMessages } from "@/lib/i18n/messages/queue";
import type { TQueueView } from "./queue-view";
import type { Area, RefusalReason } from "./types";

function formatWait(seconds: number, locale: TLocale): string {
  const t = queueMessages[locale];
  if (seconds < 60) return t.waitUnderMinute;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 60 ? t.waitMinutes(minutes) : t.waitHours(Math.floor(minutes / 60), minutes % 60);
}

const timeOf = formatJakartaClock;

const CSS = `body{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue","Noto Sans",Arial,sans-serif,"Apple Color Emoji","Segoe UI Emoji","Segoe UI Symbol","Noto Color Emoji";margin:0;background:#f8fafc;color:#0f172a;line-height:1.5}
header{background:#831843;color:#fff}header div{max-width:36rem;margin:0 auto;padding:.75rem 1rem;font-weight:700;font-size:1.1rem}header a{color:#fff;text-decoration:none}header :focus-visible{outline-color:#fff}
main{max-width:36rem;margin:0 auto;padding:1.5rem 1rem}h1{font-size:1.5rem;margin:.25rem 0 1rem}.area{font-size:.8rem;font-weight:600;text-transform:uppercase;letter-spacing:.05em;color:#475569}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:.75rem;padding:1rem;margin:1rem 0}dl{display:grid;grid-template-columns:1fr 1fr;gap:.75rem;margin:0}dt{font-size:.85rem;color:#475569}dd{margin:0;font-size:1.9rem;font-weight:700}
.wide{grid-column:1/-1}.wide dd{font-size:1.25rem}.muted{font-size:.85rem;color:#475569}.err{background:#fef2f2;border:1px solid #fecaca;color:#991b1b;padding:.75rem;border-radius:.5rem}
.ok{background:#f0fdf4;border:1px solid #bbf7d0;padding:.75rem;border-radius:.5rem}a{color:#1d4ed8}.btn{display:inline-block;background:#1d4ed8;color:#fff;padding:.6rem 1rem;border-radius:.5rem;text-decoration:none;border:0;font:inherit;cursor:pointer}
.btn2{background:#fff;color:#0f172a;border:1px solid #cbd5e1;padding:.5rem .9rem;border-radius:.5rem;font:inherit;cursor:pointer}:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}`;

// Polls the JSON route as often as the server asks; goes on when admitted or when the place is gone.
const SCRIPT = `(function(){var root=document.getElementById("q");if(!root)return;var area=root.dataset.area,next=root.dataset.next,wait=Number(root.dataset.poll)||20;
var T=JSON.parse(document.getElementById("q-text").textContent);
function fmt(s){if(s<60)return T.under;var m=Math.ceil(s/60);return m<60?T.min.replace("999",m):T.hours.replace("888",Math.floor(m/60)).replace("999",m%60)}
function tick(){fetch("/api/v1/queue/ticket?area="+encodeURIComponent(area)+"&next="+encodeURIComponent(next),{cache:"no-store",credentials:"same-origin"}).then(function(r){if(!r.ok)throw 0;return r.json()}).then(function(v){
document.getElementById("q-failed").hidden=true;
if(v.state==="admitted"||v.state==="none"||(v.state==="refused"&&v.reason==="expired")){if(v.state==="admitted")document.getElementById("q-admitted").hidden=false;location.assign(next);return}
if(v.state==="refused"){location.reload();return}
if(v.position!=null){document.getElementById("q-position").textContent=v.position;document.getElementById("q-ahead").textContent=v.ahead}
document.getElementById("q-wait").textContent=fmt(v.estimatedWaitSeconds);var u=document.getElementById("q-updated");u.dateTime=v.updatedAt;
u.textContent=new Date(v.updatedAt).toLocaleTimeString(T.locale,{timeZone:"Asia/Jakarta",hour:"2-digit",minute:"2-digit",second:"2-digit"})+" WIB";
wait=v.pollAfterSeconds||20;setTimeout(tick,wait*1000)}).catch(function(){document.getElementById("q-failed").hidden=false;setTimeout(tick,wait*1000)})}
setTimeout(tick,wait*1000)})();`;

/** `scriptNonce`: the response's CSP nonce, without which the browser does not run the inline script. */
export function renderWaitingPage(input: { view: TQueueView; area: Area; next: string; locale: TLocale; refused?: RefusalReason; scriptNonce?: string }): string {
  const { view, area, next, locale } = input;
  const t = queueMessages[locale];
  const areaName = t[`area_${area}`];
  const refusal = view.state === "refused" ? view.reason : view.state === "none" ? input.refused : undefined;
  let body: string;
  let refresh = "";
  if (view.state === "waiting") {
    refresh = `<noscript><meta http-equiv="refresh" content="20"></noscript>`;
    const preQueue = view.phase === "pre-queue";
    const counts = preQueue
      ? `<div class="wide"><dt>${t.preQueueSize}</dt><dd>${view.preQueueSize ?? 0}</dd></div>`
      : `<div><dt>${t.position}</dt><dd id="q-position" data-testid="queue-position">${view.position}</dd></div><div><dt>${t.ahead}</dt><dd id="q-ahead" data-testid="queue-ahead">${view.ahead}</dd></div>`;
    const text = JSON.stringify({ under: t.waitUnderMinute, min: t.waitMinutes(999), hours: t.waitHours(888, 999), locale: locale === "id" ? "id-ID" : "en-GB" }).replace(/</g, "\\u003c");
    body = `<h1>${preQueue ? t.preQueueHeading : t.heading}</h1>
<p>${escapeHtml(preQueue && view.opensAt ? t.preQueueBody(formatJakartaTime(view.opensAt, locale)) : t.intro)}</p>
<section id="q" class="card" aria-live="polite" aria-atomic="true" data-testid="queue-status" data-area="${area}" data-next="${escapeHtml(next)}" data-poll="${view.pollAfterSeconds}" data-estimated-wait-seconds="${view.estimatedWaitSeconds}">
<dl>${counts}<div class="wide"><dt>${t.estimatedWait}</dt><dd id="q-wait" data-testid="queue-wait">${escapeHtml(formatWait(view.estimatedWaitSeconds, locale))}</dd></div></dl>
<p class="muted">${t.lastUpdated}: <time id="q-updated" datetime="${view.updatedAt}">${timeOf(view.updatedAt, locale)}</time> <span id="q-failed" hidden>${t.updateFailed}</span></p>
<p id="q-admitted" class="ok" hidden>${t.admittedHeading} ${t.admittedBody}</p>
</section>
<noscript><p class="muted">${t.noscript}</p></noscript>
<form method="post" action="/api/v1/queue/leave?area=${area}"><input type="hidden" name="area" value="${area}"><button type="submit" class="btn2">${t.leave}</button></form>
<script type="application/json" id="q-text">${text}</script><script nonce="${escapeHtml(input.scriptNonce ?? "")}">${SCRIPT}</script>`;
  } else if (view.state === "admitted") {
    refresh = `<meta http-equiv="refresh" content="0;url=${escapeHtml(next)}">`;
    body = `<h1>${t.admittedHeading}</h1><p class="ok">${t.admittedBody}</p><p><a class="btn" href="${escapeHtml(next)}">${t.continue}</a></p>`;
  } else if (refusal) {
    body = `<h1>${t.joinAgain}</h1><p class="err" role="alert">${t[`refused_${refusal}`]}</p><p><a class="btn" href="${escapeHtml(next)}">${t.joinAgain}</a></p>`;
  } else {
    body = `<h1>${t.noTicketHeading}</h1><p>${t.noTicketBody}</p><p><a class="btn" href="${escapeHtml(next)}">${t.goTo} ${areaName}</a></p>`;
  }
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">${refresh}
<title>${t.pageTitle} · Portal e-Meterai</title><style>${CSS}</style></head><body><header><div><a href="/">Portal e-Meterai</a></div></header><main id="main"><p class="area">Portal e-Meterai · ${areaName}</p>
${body}
<p><a href="/status">${t.statusLink}</a></p></main></body></html>`;
}
