"use strict";
const data = JSON.parse(document.getElementById("ledger-data").textContent);
const colour = Object.fromEntries(data.lanes.map(l => [l.key, l.colour])), ink = Object.fromEntries(data.lanes.map(l => [l.key, l.ink]));
const ev = Object.fromEntries(data.events.map(e => [e.seq, e]));
const dates = data.events.map(e => e.date).sort();
const first = dates[0] || "2000-01-01", last = data.generated.as_of ? data.generated.as_of.slice(0, 10) : (dates[dates.length - 1] || first);
const name = id => data.entities[id] || id;
// Entity names in the chosen language (when the ledger has names in other languages), the original beside them.
let nameLang = data.language || "en";
const primary = tag => tag.split("-")[0].toLowerCase();
const localName = id => {
  const n = (data.names || {})[id]; if (!n) return null;
  const tag = n[nameLang] !== undefined ? nameLang : Object.keys(n).find(k => primary(k) === primary(nameLang));
  return tag && n[tag] !== name(id) ? [tag, n[tag]] : null;
};
const nameHTML = id => {
  const l = localName(id), original = `<bdi>${esc(name(id))}</bdi>`;
  return l ? `<bdi lang="${esc(l[0])}" class="local-name">${esc(l[1])}</bdi> <small class="original-name">(${original})</small>` : original;
};
const nameText = id => { const l = localName(id); return l ? `${l[1]} (${name(id)})` : name(id); };
const statements = Object.fromEntries(data.claims.map(c => [c.id, c.statement]));
const esc = s => String(s ?? "").replace(/[&<>"]/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]));
const el = (tag, attrs, html) => { const n = document.createElement(tag); for (const k in attrs || {}) n.setAttribute(k, attrs[k]); if (html !== undefined) n.innerHTML = html; return n; };
const SVG = "http://www.w3.org/2000/svg";
const svgEl = (tag, attrs) => { const n = document.createElementNS(SVG, tag); for (const k in attrs) n.setAttribute(k, attrs[k]); return n; };
const day = d => Date.parse(d + "T00:00:00Z") / 864e5;
const isoDate = d => `<time class="iso">${esc(d)}</time>`;
const isoDay = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
// Ban bars: fill and label ink by status (Okabe–Ito vermillion and orange, and a grey).
const banFill = {"in force": "#D55E00", relaxed: "#E69F00", lifted: "#BBBBBB"};
let selected = null;

function moment(asOf) {
  let m = null;
  for (const x of data.moments) { if (x.date <= asOf) m = x; else break; }
  return m || {date: asOf, standing: {}, bans: {}};
}

function render(asOf) {
  const events = data.events.filter(e => e.date <= asOf);
  document.getElementById("asof-summary").textContent = `${events.length} of ${data.events.length} events`;
  renderLanes(events, asOf);
  renderList(events);
  renderClaims(asOf, events);
  renderBans(asOf);
  if (selected && !events.some(e => e.seq === selected)) showDetails(null);
}

// A time scale over [first, asOf] for a drawing `W` px wide whose plot starts at `left`, with
// ticks: a label for every year the range covers (the first year's at the range's start when its
// 1 January precedes the first event), and a gridline at each 1 January.
function timeScale(asOf, left, W) {
  const x0 = day(first), x1 = Math.max(day(asOf), x0 + 1), x = d => left + (W - left - 12) * (day(d) - x0) / (x1 - x0);
  const ticks = [];
  for (let y = +first.slice(0, 4); y <= +asOf.slice(0, 4); y++) {
    const d = `${y}-01-01`;
    ticks.push({year: y, x: d < first ? x(first) : x(d), grid: d >= first});
  }
  // A label too close to the next one (the first year's, when the data starts late in it) moves left or is shortened.
  for (let i = 0; i + 1 < ticks.length; i++) if (ticks[i + 1].x - ticks[i].x < 30) ticks[i].short = true;
  return {x, ticks};
}

function drawAxis(svg, scale, y0, y1) {
  for (const t of scale.ticks) {
    if (t.grid) svg.append(svgEl("line", {x1: t.x, x2: t.x, y1: y0, y2: y1, class: "gridline"}));
    const label = svgEl("text", {x: t.x + 2, y: 11, class: "axis year"}); label.textContent = t.short ? `’${String(t.year).slice(2)}` : t.year;
    label.setAttribute("data-year", t.year); svg.append(label);
  }
}

// The width, in px, the drawings get: the box they sit in (they are drawn at 1:1, so text keeps its size).
const drawWidth = svg => Math.max(280, Math.floor(svg.parentElement.clientWidth));

function renderLanes(events, asOf) {
  const svg = document.getElementById("lanes"); svg.replaceChildren();
  const W = drawWidth(svg), narrow = W < 600, r = narrow ? 5 : 6, top = 18, left = narrow ? 8 : 170, labelH = narrow ? 14 : 0;
  const scale = timeScale(asOf, left, W);
  // Dots of one lane that would overlap go to rows above and below the lane's middle: the first free row of 0, -1, 1, -2, 2, …
  const placed = [], rowsOf = {};
  const byLane = {};
  for (const e of events) (byLane[e.lane] = byLane[e.lane] || []).push(e);
  data.lanes.forEach(l => {
    const rows = [];
    for (const e of (byLane[l.key] || []).slice().sort((a, b) => a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq)) {
      const cx = scale.x(e.date);
      let k = 0;
      for (let i = 0; ; i++) {
        k = i === 0 ? 0 : (i % 2 ? -(i + 1) / 2 : i / 2);
        if (!(rows[k] !== undefined && cx - rows[k] < 2 * r + 2)) break;
      }
      rows[k] = cx; placed.push({e, cx, k, lane: l.key});
      rowsOf[l.key] = Math.max(rowsOf[l.key] || 0, Math.abs(k));
    }
  });
  let y = top;
  const laneTop = {};
  data.lanes.forEach(l => {
    const half = Math.max(13, (rowsOf[l.key] || 0) * (2 * r + 1) + r + 4);
    laneTop[l.key] = {y: y + labelH, mid: y + labelH + half};
    const t = svgEl("text", {x: 4, y: narrow ? y + 11 : y + half + 4, class: "lane-label", "data-lane": l.key}); t.textContent = l.name; svg.append(t);
    y += labelH + 2 * half;
    svg.append(svgEl("line", {x1: 0, x2: W, y1: y, y2: y, class: "lane-sep"}));
  });
  const H = y + 4;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`); svg.setAttribute("width", W); svg.setAttribute("height", H);
  drawAxis(svg, scale, top - 4, H);
  for (const {e, cx, k, lane} of placed) {
    const c = svgEl("circle", {cx, cy: laneTop[lane].mid + k * (2 * r + 1), r, fill: colour[e.lane], tabindex: 0,
      role: "button", class: "ev" + (e.seq === selected ? " sel" : ""), "data-seq": e.seq, "aria-label": `${e.occurred} ${e.type}: ${e.title}`});
    const t = svgEl("title", {}); t.textContent = `${e.occurred} — ${e.title}`; c.append(t);
    c.addEventListener("click", () => showDetails(e.seq));
    c.addEventListener("keydown", k => { if (k.key === "Enter" || k.key === " ") { k.preventDefault(); showDetails(e.seq); } });
    svg.append(c);
  }
}

function renderList(events) {
  const ol = document.getElementById("timeline-list"); ol.replaceChildren();
  for (const e of events) {
    const li = el("li", {"data-id": e.id, "data-seq": e.seq, "data-type": e.type, "data-date": e.date, class: e.seq === selected ? "sel" : ""});
    const b = el("button", {type: "button"}, `<span class="date">${isoDate(e.occurred)}</span><span class="type" style="background:${colour[e.lane]};color:${ink[e.lane]}">${esc(e.type)}</span><bdi>${esc(e.title)}</bdi>`);
    b.addEventListener("click", () => showDetails(e.seq));
    li.append(b); ol.append(li);
  }
}

// A quote in its language, each translation beside it with its language and translator.
function quoteHTML(s) {
  if (!s.quote) return "";
  const original = `<blockquote dir="auto"${s.quote_lang ? ` lang="${esc(s.quote_lang)}"` : ""}>${esc(s.quote)}</blockquote>`;
  if (!s.translations) return original;
  const translations = s.translations.map(t => `<figure class="translation"><blockquote dir="auto" lang="${esc(t.lang)}">${esc(t.text)}</blockquote>` +
    `<figcaption>Translation (${esc(t.lang)}) by <bdi>${esc(t.by)}</bdi></figcaption></figure>`).join("");
  return `<div class="quotes"><figure class="original">${original}<figcaption>Original${s.quote_lang ? ` (${esc(s.quote_lang)})` : ""}</figcaption></figure>${translations}</div>`;
}

// Whether a source's page was captured (annals sources capture), when, its SHA-256, and whether
// its quote is in the newest capture: the same words as `annals claim` and `annals show`.
function captureLine(c) {
  if (!c) return "";
  if (!c.captured) return `<p class="capture" data-capture="not-captured">Not captured: no archived copy of this page is recorded.</p>`;
  const quote = {found: "quote found in it", "not-found": "quote not found in it", unchecked: "quote unchecked"}[c.quote];
  return `<p class="capture" data-capture="${esc(c.quote)}">Captured <time class="iso">${esc(c.fetched)}</time> (HTTP ${esc(String(c.status))}, SHA-256 ` +
    `<code title="${esc(c.sha256)}" data-sha256="${esc(c.sha256)}">${esc(c.sha256.slice(0, 12))}…</code>)` +
    (quote ? `; <strong>${quote}</strong>` : "") + (c.detail ? `: ${esc(c.detail)}` : "") +
    (c.archive_url ? `; also <a href="${esc(c.archive_url)}" rel="noreferrer">archived elsewhere</a>` : "") + `.</p>`;
}

function showDetails(seq) {
  selected = seq;
  const box = document.getElementById("details");
  document.querySelectorAll(".sel").forEach(n => n.classList.remove("sel"));
  if (seq === null) { box.innerHTML = '<p class="hint">Select an event to see its sources, actors and claims.</p>'; return; }
  document.querySelectorAll(`[data-seq="${seq}"]`).forEach(n => n.classList.add("sel"));
  const e = ev[seq];
  const actors = e.actors.map(([id, role]) => `<li>${nameHTML(id)} <small>(${esc(role)})</small></li>`).join("");
  const claims = e.claims.map(([id, kind, v]) => `<li data-claim="${esc(id)}"><bdi>${esc(statements[id] || id)}</bdi> — ${kind === "assessment" ? "assessed " : ""}${esc(v)}</li>`).join("");
  const sources = e.sources.map(s => `<li>${s.url ? `<a href="${esc(s.url)}" rel="noreferrer"><bdi>${esc(s.publisher || s.url)}</bdi></a>` : `<bdi>${esc(s.publisher)}</bdi>`}${s.title ? `, “<bdi>${esc(s.title)}</bdi>”` : ""}${s.published ? `, ${esc(s.published)}` : ""}${quoteHTML(s)}${captureLine(s.capture)}</li>`).join("");
  box.innerHTML = `<h3 dir="auto">${esc(e.title)}</h3>` + (e.summary ? `<p dir="auto">${esc(e.summary)}</p>` : "") +
    `<dl><dt>Occurred</dt><dd>${isoDate(e.occurred)}</dd><dt>Recorded</dt><dd>${isoDate(e.recorded)} by ${esc(e.recorder)}</dd><dt>Type</dt><dd>${esc(e.type)}${e.status !== "as-recorded" ? ` (${esc(e.status)})` : ""}</dd>` +
    (e.certainty ? `<dt>Certainty</dt><dd>${esc(e.certainty)}</dd>` : "") + `<dt>Id</dt><dd><code>${esc(e.id)}</code></dd></dl>` +
    (actors ? `<h4>Actors</h4><ul>${actors}</ul>` : "") + (claims ? `<h4>Claims</h4><ul>${claims}</ul>` : "") + `<h4>Sources</h4><ul>${sources}</ul>`;
  box.append(proofBox(e));
  box.focus({preventScroll: true});
}

function renderClaims(asOf, events) {
  const m = moment(asOf), wantEntity = document.getElementById("claim-entity").value, wantStanding = document.getElementById("claim-standing").value;
  const tbody = document.querySelector("#claims tbody"); tbody.replaceChildren();
  for (const c of data.claims) {
    const standing = m.standing[c.id];
    if (!standing) continue;
    const related = events.filter(e => e.claims.some(([id]) => id === c.id));
    if (wantEntity && !related.some(e => e.actors.some(([id]) => id === wantEntity))) continue;
    if (wantStanding && standing !== wantStanding) continue;
    const stance = v => related.filter(e => e.claims.some(([id, k, s]) => id === c.id && k === "stance" && v.includes(s))).length;
    const evidence = related.map(e => `<li>${isoDate(e.occurred)} — ${esc(e.claims.filter(([id]) => id === c.id).map(([, k, v]) => (k === "assessment" ? "assessed " : "") + v).join(", "))}: <bdi>${esc(e.title)}</bdi>${e.sources.map(s => s.url ? ` <a href="${esc(s.url)}" rel="noreferrer">[${esc(s.publisher || "source")}]</a>` : "").join("")}</li>`).join("");
    const tr = el("tr", {"data-claim": c.id, "data-standing": standing},
      `<td><code>${esc(c.id)}</code><br><bdi>${esc(c.statement)}</bdi><details><summary>Stances and assessments (${related.length})</summary><ul>${evidence}</ul></details></td>` +
      `<td><span class="badge b-${esc(standing)}">${esc(standing)}</span></td><td data-label="For">${stance(["asserts", "reports", "acknowledges"])}</td><td data-label="Against">${stance(["denies"])}</td>` +
      `<td data-label="First">${related[0] ? isoDate(related[0].occurred) : ""}</td><td data-label="Latest">${related.length ? isoDate(related[related.length - 1].occurred) : ""}</td>`);
    tbody.append(tr);
  }
  if (!tbody.children.length) tbody.append(el("tr", {}, `<td colspan="6">No claims match.</td>`));
}

// A ban's periods up to `asOf`: in force from its imposition, relaxed from its first partial lift, lifted from its
// full lift; each ends where the next begins, the last at `asOf`.
function banPeriods(b, asOf) {
  const periods = [{status: "in force", from: b.imposed}];
  const partial = b.lifts.filter(l => l.scope === "partial" && l.date <= asOf).map(l => l.date).sort()[0];
  const full = b.lifted && b.lifted <= asOf ? b.lifted : null;
  if (partial && (!full || partial < full)) periods.push({status: "relaxed", from: partial < b.imposed ? b.imposed : partial});
  if (full) periods.push({status: "lifted", from: full < b.imposed ? b.imposed : full});
  periods.forEach((p, i) => { p.to = i + 1 < periods.length ? periods[i + 1].from : asOf; });
  return periods.filter((p, i) => p.to > p.from || i === periods.length - 1);
}

// Entity ids as their names, joined.
const names = ids => (ids || []).map(nameHTML).join(", ");

function renderBans(asOf) {
  const m = moment(asOf), svg = document.getElementById("ban-bars"), list = document.getElementById("ban-list");
  svg.replaceChildren(); list.replaceChildren();
  const bans = data.bans.filter(b => b.imposed <= asOf);
  const W = drawWidth(svg), left = 4, barH = 18, gap = 6, top = 18;
  const scale = timeScale(asOf, left, W);
  let y = top;
  const rows = bans.map(b => {
    const periods = banPeriods(b, asOf), status = m.bans[b.id] || periods[periods.length - 1].status;
    const x0 = scale.x(b.imposed), width = Math.max(3, scale.x(asOf) - x0);
    // The label (the ban's title, shortened with an ellipsis when wider than the drawing) goes inside its bar when
    // it fits there, else beside it: left of its start, or, when there is no room, on a line of its own above it.
    const t = svgEl("text", {class: "ban-label", "data-ban": b.id}); t.textContent = b.title; svg.append(t);
    for (let n = b.title.length; t.getComputedTextLength() > W - 8 && n > 1; n--) t.textContent = b.title.slice(0, n - 1).trimEnd() + "…";
    const len = t.getComputedTextLength();
    let barY = y;
    if (len + 10 <= width) { t.setAttribute("x", x0 + 5); t.style.fill = "#000"; t.setAttribute("data-bg", banFill[periods.find(p => scale.x(p.to) > x0 + 5).status]); }
    else if (x0 - 4 - len >= 0) { t.setAttribute("x", x0 - 4); t.setAttribute("text-anchor", "end"); }
    else { t.setAttribute("x", Math.max(0, Math.min(x0, W - len))); t.setAttribute("y", y + 12); barY = y + 16; }
    if (!t.hasAttribute("y")) t.setAttribute("y", barY + barH - 5);
    y = barY + barH + gap;
    return {b, status, periods, x0, width, barY};
  });
  const H = Math.max(y, top + barH) + 4;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`); svg.setAttribute("width", W); svg.setAttribute("height", H);
  // Gridlines under the bars, labels over them.
  const labels = [...svg.childNodes];
  svg.replaceChildren();
  drawAxis(svg, scale, top - 4, H);
  for (const {b, status, periods, x0, width, barY} of rows) {
    periods.forEach((p, i) => {
      const px = i ? scale.x(p.from) : x0, pw = i + 1 < periods.length ? scale.x(p.to) - px : x0 + width - px;
      const bar = svgEl("rect", {x: px, y: barY, width: Math.max(pw, 1), height: barH, fill: banFill[p.status], "data-ban": b.id,
        "data-period": p.status, "data-from": p.from, "data-to": p.to});
      const tip = svgEl("title", {}); tip.textContent = `${b.title}: ${p.status}, ${p.from} – ${p.to}`; bar.append(tip);
      svg.append(bar);
    });
    const said = periods.map(p => `${p.status} from ${isoDate(p.from)}`).join(", ");
    list.append(el("li", {"data-ban": b.id, "data-status": status}, `<strong>${esc(status)}</strong> — <bdi>${esc(b.title)}</bdi> <small>(${said}; by ${nameHTML(b.authority)}` +
      `${b.targets.length ? "; on " + names(b.targets) : ""}${b.items ? "; " + esc(b.items) : ""})</small>`));
  }
  svg.append(...labels);
  if (!bans.length) list.append(el("li", {}, "No bans in force or recorded by this date."));
}

// The "Names in" control (only when some entity has names in other languages): the ledger's language first.
function languageControl(changed) {
  const tags = new Set([nameLang]); Object.values(data.names).forEach(n => Object.keys(n).forEach(t => tags.add(t)));
  const select = el("select", {id: "name-lang"});
  [...tags].sort().forEach(t => select.append(el("option", {value: t, lang: t}, esc(t))));
  select.value = nameLang;
  select.addEventListener("change", () => { nameLang = select.value; changed(); });
  const label = el("label", {for: "name-lang", class: "name-lang"}, "Names in ");
  label.append(select);
  document.getElementById("asof-form").append(label);
}

function setup() {
  const input = document.getElementById("asof");
  const ents = new Set(); data.events.forEach(e => { if (e.claims.length) e.actors.forEach(([id]) => ents.add(id)); });
  const es = document.getElementById("claim-entity");
  const entityOptions = () => { es.querySelectorAll("option[value]:not([value=''])").forEach(o => o.remove()); [...ents].sort().forEach(id => es.append(el("option", {value: id, dir: "auto"}, esc(nameText(id))))); };
  entityOptions();
  if (data.names) languageControl(() => { const keep = es.value; entityOptions(); es.value = keep; render(shown); if (selected !== null) showDetails(selected); });
  const ss = document.getElementById("claim-standing");
  ["alleged", "corroborated", "confirmed", "disputed", "refuted", "retracted"].forEach(s => ss.append(el("option", {value: s}, s)));
  const fromHash = (location.hash.match(/asof=(\d{4}-\d{2}-\d{2})/) || [])[1];
  input.value = fromHash && fromHash >= first ? (fromHash <= last ? fromHash : last) : last;
  let shown = input.value;
  // Takes a typed date when it is a real YYYY-MM-DD; one before the first event or after the last is brought into the range.
  const update = () => {
    const v = input.value.trim() || last;
    if (!isoDay.test(v) || isNaN(day(v))) { input.setAttribute("aria-invalid", "true"); document.getElementById("asof-summary").textContent = `“${v}” is not a date in the form YYYY-MM-DD (${first} to ${last})`; return; }
    input.removeAttribute("aria-invalid");
    input.value = shown = v < first ? first : v > last ? last : v;
    history.replaceState(null, "", shown === last ? location.pathname : `#asof=${shown}`); render(shown);
  };
  input.addEventListener("change", update);
  input.addEventListener("keydown", k => { if (k.key === "Enter") update(); });
  document.getElementById("latest").addEventListener("click", () => { input.value = last; update(); });
  let resizing = null;
  window.addEventListener("resize", () => { clearTimeout(resizing); resizing = setTimeout(() => { renderLanes(data.events.filter(e => e.date <= shown), shown); renderBans(shown); }, 100); });
  es.addEventListener("change", () => renderClaims(shown, data.events.filter(e => e.date <= shown)));
  ss.addEventListener("change", () => renderClaims(shown, data.events.filter(e => e.date <= shown)));
  render(input.value);
  document.getElementById("proof-status").textContent = !checkpoint ? "No checkpoint had been saved when this page was written: its events carry no inclusion proofs." :
    `Each event carries its inclusion proof against the checkpoint ${checkpoint.origin} of ${checkpoint.size} records (${data.proofs.file}): open an event's “Proof” to download it and check it offline with annals check-proof, or in this browser.`;
  // #event=ID opens that event's details (a link to one event).
  const linked = data.events.find(e => e.id === (location.hash.match(/event=(ev_[0-9a-f]{32})/) || [])[1]);
  if (linked) showDetails(linked.seq);
  if (location.hash === "#selftest") selfTest();
  if (location.hash.includes("a11ycheck")) setTimeout(a11yCheck, 0);
}

// Inclusion proofs against the newest checkpoint (RFC 9162 §2.1.3.2), checked with WebCrypto.
const enc = new TextEncoder();
const hexOf = bytes => Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
const fromHex = h => { if (typeof h !== "string" || !/^[0-9a-f]{64}$/.test(h)) throw new Error(`"${h}" is not a 32-byte hash in hex`); return Uint8Array.from(h.match(/../g), x => parseInt(x, 16)); };
const fromBase64 = s => Uint8Array.from(atob(s), c => c.charCodeAt(0));
const concat = parts => { const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0)); let i = 0; for (const p of parts) { out.set(p, i); i += p.length; } return out; };
const sha256 = async (...parts) => new Uint8Array(await crypto.subtle.digest("SHA-256", concat(parts)));
const shellQuote = s => /^[A-Za-z0-9._\/+=:@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
const dataURL = (text, type) => `data:${type};charset=utf-8,${encodeURIComponent(text)}`;

// The embedded checkpoint note: its signed text (up to the newline before the blank line), origin, size, root and signatures.
function parseNote(note) {
  const blank = note.lastIndexOf("\n\n"), text = blank < 0 ? note : note.slice(0, blank + 1);
  const lines = text.split("\n");
  const signatures = blank < 0 ? [] : note.slice(blank + 2).split("\n").filter(l => l).map(l => { const m = l.match(/^\u2014 (\S+) (\S+)$/); return m ? {name: m[1], base64: m[2]} : null; }).filter(s => s);
  return {text, origin: lines[0], size: Number(lines[1]), root: lines[2], signatures};
}
const checkpoint = data.proofs ? parseNote(data.proofs.note) : null;

// Whether the embedded verifier keys signed the checkpoint: {ok: true|false|null, text}; null means not checked here.
let signatureCheck = null;
function checkSignature() {
  signatureCheck = signatureCheck || (async () => {
    if (!data.proofs.keys.length) return {ok: null, text: "the checkpoint's signature is not checked here: the page was written without the log's verifier key; use annals check-proof --key"};
    const names = [];
    for (const key of data.proofs.keys) {
      const plus = key.indexOf("+"), name = key.slice(0, plus), id = key.slice(plus + 1, plus + 9), raw = fromBase64(key.slice(plus + 10)), pub = raw.slice(1);
      if (raw[0] !== 1 || pub.length !== 32) return {ok: false, text: `the verifier key ${key} is not an Ed25519 key`};
      if (hexOf((await sha256(enc.encode(name), Uint8Array.of(0x0a, 0x01), pub)).slice(0, 4)) !== id) return {ok: false, text: `the verifier key ${key} has a wrong key ID`};
      const sigs = checkpoint.signatures.map(s => ({name: s.name, bytes: fromBase64(s.base64)})).filter(s => s.name === name && hexOf(s.bytes.slice(0, 4)) === id);
      if (!sigs.length) return {ok: false, text: `the checkpoint carries no signature by ${name}`};
      let verifier;
      try { verifier = await crypto.subtle.importKey("raw", pub, {name: "Ed25519"}, false, ["verify"]); } catch (err) {
        return {ok: null, text: "signature not checked here (this browser has no Ed25519 in WebCrypto): use annals check-proof --key"};
      }
      for (const s of sigs) {
        if (!await crypto.subtle.verify({name: "Ed25519"}, verifier, s.bytes.slice(4), enc.encode(checkpoint.text))) return {ok: false, text: `the checkpoint's signature by ${name} does not verify: the checkpoint was altered`};
      }
      names.push(name);
    }
    return {ok: true, text: `the checkpoint's Ed25519 signature by ${names.join(", ")} verifies (with the key this page carries: for trust, check the key against the one its publisher gives)`};
  })();
  return signatureCheck;
}

// Checks event `e`'s embedded proof: the record is this event, hashes to the leaf, and the path leads to the checkpoint's root.
async function checkProof(e) {
  const fail = text => ({ok: false, text: "NOT verified: " + text});
  if (!window.crypto || !crypto.subtle) return fail("this browser offers no WebCrypto here (crypto.subtle); check the proof with annals check-proof");
  const text = data.proofs && data.proofs.by_seq[e.seq];
  if (!text) return fail("the page holds no proof for this event");
  try {
    const p = JSON.parse(text);
    let record;
    try { record = JSON.parse(p.record); } catch (err) { return fail("the proof's record is not a JSON line"); }
    if (record.seq !== e.seq || record.id !== e.id) return fail("the proof's record is not this event");
    if (p.index !== e.seq - 1) return fail(`the proof is about leaf ${p.index}, not record ${e.seq}`);
    if (p.size !== checkpoint.size) return fail(`the proof is about a tree of ${p.size} records, the checkpoint names ${checkpoint.size}`);
    let r = await sha256(Uint8Array.of(0), enc.encode(p.record));
    if (hexOf(r) !== p.leaf) return fail("the record does not hash to the proof's leaf: it is not the record that was proved");
    let fn = p.index, sn = p.size - 1;
    for (const h of p.path) {
      const node = fromHex(h);
      if (sn === 0) return fail("the proof's path is too long for the tree");
      if (fn % 2 === 1 || fn === sn) {
        r = await sha256(Uint8Array.of(1), node, r);
        while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = await sha256(Uint8Array.of(1), r, node);
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    if (sn !== 0) return fail("the proof's path is too short for the tree");
    if (hexOf(r) !== hexOf(fromBase64(checkpoint.root))) return fail("the path does not lead to the checkpoint's root hash");
    const sig = await checkSignature();
    if (sig.ok === false) return fail(sig.text);
    return {ok: true, text: `verified: this event is record ${p.index + 1} of the ${checkpoint.size} records the checkpoint names; ${sig.text}`};
  } catch (err) {
    return fail(`the proof is malformed (${err.message})`);
  }
}

// The "Proof" disclosure of event `e`.
function proofBox(e) {
  const box = el("details", {class: "proof"});
  if (!checkpoint) {
    box.innerHTML = "<summary>Proof</summary><p>No inclusion proof: no checkpoint had been saved when this page was written (annals checkpoint --save).</p>";
    return box;
  }
  const text = data.proofs.by_seq[e.seq];
  const where = `the checkpoint <code>${esc(checkpoint.origin)}</code> of ${checkpoint.size} records`;
  if (!text) {
    box.innerHTML = `<summary>Proof: not yet in a checkpoint</summary><p>Not yet in a checkpoint: this event (record ${e.seq}) was recorded after ${where} was made.</p>`;
    return box;
  }
  const key = data.proofs.keys[0];
  const command = `annals check-proof proof.json --checkpoint ${shellQuote(data.proofs.file)}` + (key ? ` --key ${shellQuote(key)}` : "");
  box.innerHTML = `<summary>Proof: record ${e.seq} of ${checkpoint.size}</summary><p>Inclusion proof of this event in ${where}.</p>` +
    `<p class="proof-links"><a download="proof.json" href="${esc(dataURL(text + "\n", "application/json"))}">Download proof.json</a><a download="${esc(data.proofs.file)}" href="${esc(dataURL(data.proofs.note, "text/plain"))}">Download ${esc(data.proofs.file)}</a></p>` +
    `<p>Check it offline:</p><pre><code>${esc(command)}</code></pre>` +
    (key ? "" : "<p class=\"hint\">Add <code>--key</code> with the log's verifier key (from its publisher) to check the checkpoint's signature.</p>") +
    `<p><button type="button" class="check">Check in this browser</button></p><p class="proof-result" aria-live="polite"></p>`;
  const button = box.querySelector("button.check"), result = box.querySelector(".proof-result");
  button.addEventListener("click", () => {
    result.className = "proof-result"; result.textContent = "checking…";
    button.checking = checkProof(e).then(r => { result.className = "proof-result " + (r.ok ? "ok" : "fail"); result.textContent = r.text; return r; });
  });
  return box;
}

// `#selftest`: checks every embedded proof, clicks one event's button and opens one event without a proof,
// then writes the outcome into an <output> element with the id "selftest" at the end of the body.
async function selfTest() {
  const out = el("output", {id: "selftest"});
  const counts = {verified: 0, failed: 0, unproved: 0}, failures = [];
  for (const e of data.events) {
    if (!checkpoint || !data.proofs.by_seq[e.seq]) { counts.unproved++; continue; }
    const r = await checkProof(e);
    if (r.ok) counts.verified++; else { counts.failed++; failures.push(`${e.seq}: ${r.text}`); }
  }
  const first = data.events.find(e => checkpoint && data.proofs.by_seq[e.seq]);
  let clicked = "";
  if (first) {
    showDetails(first.seq);
    const b = document.querySelector("#details button.check"); b.click(); await b.checking;
    clicked = document.querySelector("#details .proof-result").textContent;
  }
  const bare = data.events.find(e => !checkpoint || !data.proofs.by_seq[e.seq]);
  let unproved = "";
  if (bare) { showDetails(bare.seq); unproved = document.querySelector("#details details.proof").textContent; }
  const sig = checkpoint ? await checkSignature() : {ok: null, text: ""};
  for (const k in counts) out.setAttribute(`data-${k}`, counts[k]);
  out.setAttribute("data-signature", sig.ok === true ? "verified" : sig.ok === false ? "failed" : "unchecked");
  out.textContent = JSON.stringify({counts, failures, clicked, unproved, signature: sig.text});
  document.body.append(out);
}
// `#a11ycheck`: layout and accessibility checks computed in the page at its current width, written
// into an <output> element with the id "a11ycheck" at the end of the body (the tests read it with
// headless Chromium at desktop and phone widths; a headless window is at least 500 px wide, so
// the phone width is a 390 px iframe, to which the page also posts the result).
const rgbOf = c => { const m = String(c).match(/rgba?\(([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+))?/); return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null; };
const hexRGB = h => [1, 3, 5].map(i => parseInt(h.slice(i, i + 2), 16));
const linear = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
const luminance = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
const contrast = (a, b) => { const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x); return (l1 + 0.05) / (l2 + 0.05); };
// Colour-vision deficiency simulation (Machado, Oliveira and Fernandes 2009, severity 1, on linear RGB) and CIELAB distance.
const cvd = {
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
};
function lab(lin) {
  const [r, g, b] = lin.map(v => Math.min(1, Math.max(0, v)));
  const X = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, Y = 0.2126 * r + 0.7152 * g + 0.0722 * b, Z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = t => t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116;
  return [116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))];
}
const simulate = (rgb, m) => { const l = rgb.map(linear); return m ? m.map(row => row[0] * l[0] + row[1] * l[1] + row[2] * l[2]) : l; };
const deltaE = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

function a11yCheck() {
  const failures = [], root = document.documentElement, width = root.clientWidth;
  // No sideways scrolling.
  if (root.scrollWidth > width) failures.push(`the page is ${root.scrollWidth} px wide in a ${width} px viewport`);
  for (const n of document.querySelectorAll("body *")) {
    const r = n.getBoundingClientRect();
    if (r.width && r.right > width + 0.5 && !n.closest(".lanes-wrap, ol#timeline-list, aside#details, details.proof pre") && getComputedStyle(n).visibility !== "hidden") { failures.push(`<${n.tagName.toLowerCase()}${n.id ? "#" + n.id : ""}> ends at ${Math.round(r.right)} px, past the ${width} px viewport`); break; }
  }
  // ISO dates on one line.
  const dates = [...document.querySelectorAll("time.iso")];
  for (const t of dates) if (t.getClientRects().length > 1) failures.push(`the date ${t.textContent} wraps`);
  for (const t of dates) if (!/^\d{4}(-\d{2}(-\d{2})?)?/.test(t.textContent)) failures.push(`"${t.textContent}" is not an ISO date`);
  // The as-of control shows ISO dates.
  const asof = document.getElementById("asof");
  if (asof.type !== "text" || !isoDay.test(asof.value)) failures.push(`the as-of control shows "${asof.value}" (type ${asof.type}), not YYYY-MM-DD`);
  // Every form control has a label.
  for (const c of document.querySelectorAll("input, select, textarea, button")) {
    const named = (c.labels && c.labels.length && [...c.labels].some(l => l.textContent.trim())) || (c.getAttribute("aria-label") || "").trim() ||
      (c.getAttribute("aria-labelledby") || "").split(/\s+/).some(id => id && document.getElementById(id) && document.getElementById(id).textContent.trim()) ||
      (c.tagName === "BUTTON" && c.textContent.trim());
    if (!named) failures.push(`<${c.tagName.toLowerCase()}${c.id ? "#" + c.id : ""}> has no label`);
  }
  for (const c of document.querySelectorAll("[role=button]")) if (!(c.getAttribute("aria-label") || "").trim()) failures.push("a drawn button has no label");
  // Text contrast (WCAG AA: 4.5:1, 3:1 for large text) against the first opaque background behind it.
  const background = n => {
    for (let p = n; p && p.nodeType === 1; p = p.parentElement) {
      if (p.dataset && p.dataset.bg) return hexRGB(p.dataset.bg);
      const c = rgbOf(getComputedStyle(p).backgroundColor);
      if (c && c[3] > 0.99) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  let checked = 0, lowest = Infinity;
  const seen = new Set();
  for (const n of document.querySelectorAll("body *")) {
    if (!n.getClientRects().length || ["SCRIPT", "STYLE", "TITLE", "OPTION"].includes(n.tagName)) continue;
    if (![...n.childNodes].some(c => c.nodeType === 3 && c.textContent.trim())) continue;
    const st = getComputedStyle(n), svg = n instanceof SVGElement;
    if (st.visibility === "hidden" || +st.opacity === 0) continue;
    const fg = rgbOf(svg ? st.fill : st.color);
    if (!fg) continue;
    const size = parseFloat(st.fontSize), bold = +st.fontWeight >= 700, large = size >= 24 || (bold && size >= 18.66);
    const ratio = contrast(fg.slice(0, 3), background(n)), need = large ? 3 : 4.5;
    checked++; lowest = Math.min(lowest, ratio);
    const key = `${n.tagName}.${n.getAttribute("class") || ""}`;
    if (ratio < need && !seen.has(key)) { seen.add(key); failures.push(`“${n.textContent.trim().slice(0, 40)}” (${key}) has contrast ${ratio.toFixed(2)}:1, below ${need}:1`); }
  }
  // Year ticks: one for every year from the first event to the as-of date, on the timeline and on the ban bars.
  const asOfDate = asof.value, years = [];
  for (let y = +first.slice(0, 4); y <= +asOfDate.slice(0, 4); y++) years.push(String(y));
  for (const id of ["lanes", "ban-bars"]) {
    const have = [...document.querySelectorAll(`#${id} text.year`)].map(t => t.getAttribute("data-year"));
    if (years.join() !== have.join()) failures.push(`#${id} has year ticks ${have.join(", ")}, not ${years.join(", ")}`);
  }
  // No text in a drawing runs outside it (clipped ticks, labels past their bar's drawing).
  for (const svg of document.querySelectorAll("svg")) {
    const vb = svg.viewBox.baseVal;
    if (!vb || !vb.width) continue;
    for (const t of svg.querySelectorAll("text")) {
      const b = t.getBBox();
      if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 || b.y + b.height > vb.y + vb.height + 0.5)
        failures.push(`the text “${t.textContent}” in <svg${svg.id ? "#" + svg.id : "." + svg.getAttribute("class")}> is clipped`);
    }
  }
  // A ban's label lies inside its bar or beside it, clear of the other bars.
  // A ban's bar is the row of its period segments.
  const bars = {};
  for (const r of document.querySelectorAll("#ban-bars rect")) {
    const rb = r.getBBox(), id = r.getAttribute("data-ban"), bar = bars[id];
    bars[id] = bar ? {x: Math.min(bar.x, rb.x), y: bar.y, width: Math.max(bar.x + bar.width, rb.x + rb.width) - Math.min(bar.x, rb.x), height: bar.height} : rb;
  }
  for (const t of document.querySelectorAll("#ban-bars text.ban-label")) {
    const b = t.getBBox();
    for (const id in bars) {
      const rb = bars[id], own = id === t.getAttribute("data-ban");
      const overlaps = b.x < rb.x + rb.width && rb.x < b.x + b.width && b.y < rb.y + rb.height && rb.y < b.y + b.height;
      const inside = b.x >= rb.x - 0.5 && b.x + b.width <= rb.x + rb.width + 0.5;
      if (own && overlaps && !inside) failures.push(`the label ${t.textContent} runs across its bar's end`);
      if (!own && overlaps) failures.push(`the label ${t.textContent} overlaps the bar of ${id}`);
    }
  }
  // Events of one lane never cover each other.
  const dots = [...document.querySelectorAll("#lanes circle.ev")].map(c => [+c.getAttribute("cx"), +c.getAttribute("cy"), +c.getAttribute("r")]);
  let overlapping = 0;
  for (let i = 0; i < dots.length; i++) for (let j = i + 1; j < dots.length; j++) if (Math.hypot(dots[i][0] - dots[j][0], dots[i][1] - dots[j][1]) < dots[i][2] + dots[j][2]) overlapping++;
  if (overlapping) failures.push(`${overlapping} pairs of event dots overlap`);
  // Lanes: one per kind of event the page shows, none empty.
  const laneLabels = [...document.querySelectorAll("#lanes text.lane-label")], laneNames = laneLabels.map(t => t.textContent);
  const kinds = [...new Set(data.events.map(e => e.lane))];
  for (const t of laneLabels) if (!kinds.includes(t.getAttribute("data-lane"))) failures.push(`the lane ${t.textContent} holds no event`);
  // The lane colours stay apart (CIE76 ΔE ≥ 12) with normal vision and under each common colour-vision deficiency.
  const palette = {};
  for (const vision of ["normal", ...Object.keys(cvd)]) {
    const labs = data.lanes.map(l => lab(simulate(hexRGB(l.colour), cvd[vision])));
    let min = Infinity, pair = "";
    for (let i = 0; i < labs.length; i++) for (let j = i + 1; j < labs.length; j++) { const d = deltaE(labs[i], labs[j]); if (d < min) { min = d; pair = `${data.lanes[i].name} / ${data.lanes[j].name}`; } }
    palette[vision] = Math.round(min * 10) / 10;
    if (min < 12) failures.push(`under ${vision} the colours of ${pair} differ by only ΔE ${min.toFixed(1)}`);
  }
  for (const l of data.lanes) if (contrast(hexRGB(l.colour), hexRGB(l.ink)) < 4.5) failures.push(`the ${l.name} label ink has contrast below 4.5:1`);
  const out = el("output", {id: "a11ycheck", "data-ok": String(!failures.length)});
  out.textContent = JSON.stringify({width, innerWidth: window.innerWidth, scrollWidth: root.scrollWidth, failures, dates: dates.length, textChecked: checked, lowestContrast: Math.round(lowest * 100) / 100,
    years: years.join(","), lanes: laneNames, dots: dots.length, palette});
  document.body.append(out);
  if (window.parent !== window) window.parent.postMessage({a11ycheck: out.textContent, ok: !failures.length}, "*");
}
setup();
