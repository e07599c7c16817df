"use strict";
const data = JSON.parse(document.getElementById("ledger-data").textContent);
const colour = Object.fromEntries(data.lanes.map(l => [l.name, l.colour]));
const ev = Object.fromEntries(data.events.map(e => [e.seq, e]));
const dates = data.events.map(e => e.date).sort();
const first = dates[0] || "2000-01-01", last = data.generated.as_of ? data.generated.as_of.slice(0, 10) : (dates[dates.length - 1] || first);
const name = id => data.entities[id] || id;
const esc = s => String(s ?? "").replace(/[&<>"]/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]));
const el = (tag, attrs, html) => { const n = document.createElement(tag); for (const k in attrs || {}) n.setAttribute(k, attrs[k]); if (html !== undefined) n.innerHTML = html; return n; };
const SVG = "http://www.w3.org/2000/svg";
const svgEl = (tag, attrs) => { const n = document.createElementNS(SVG, tag); for (const k in attrs) n.setAttribute(k, attrs[k]); return n; };
const day = d => Date.parse(d + "T00:00:00Z") / 864e5;
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

function renderLanes(events, asOf) {
  const svg = document.getElementById("lanes"); svg.replaceChildren();
  const W = 1000, laneH = 26, left = 150, top = 18, H = top + data.lanes.length * laneH + 8;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const x0 = day(first), x1 = Math.max(day(asOf), x0 + 1), x = d => left + (W - left - 12) * (day(d) - x0) / (x1 - x0);
  for (let y = +first.slice(0, 4); y <= +asOf.slice(0, 4); y++) {
    const d = `${y}-01-01`; if (d < first) continue;
    svg.append(svgEl("line", {x1: x(d), x2: x(d), y1: top - 4, y2: H, class: "gridline"}));
    const t = svgEl("text", {x: x(d) + 2, y: 11, class: "axis"}); t.textContent = y; svg.append(t);
  }
  data.lanes.forEach((l, i) => { const t = svgEl("text", {x: 4, y: top + i * laneH + laneH / 2 + 4, class: "lane-label"}); t.textContent = l.name; svg.append(t); });
  const laneIndex = Object.fromEntries(data.lanes.map((l, i) => [l.name, i]));
  for (const e of events) {
    const c = svgEl("circle", {cx: x(e.date), cy: top + laneIndex[e.lane] * laneH + laneH / 2, r: 6, fill: colour[e.lane], tabindex: 0,
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
    const b = el("button", {type: "button"}, `<span class="date">${esc(e.occurred)}</span><span class="type" style="background:${colour[e.lane]}">${esc(e.type)}</span>${esc(e.title)}`);
    b.addEventListener("click", () => showDetails(e.seq));
    li.append(b); ol.append(li);
  }
}

function showDetails(seq) {
  selected = seq;
  const box = document.getElementById("details");
  document.querySelectorAll(".sel").forEach(n => n.classList.remove("sel"));
  if (seq === null) { box.innerHTML = '<p class="hint">Select an event to see its sources, actors and claims.</p>'; return; }
  document.querySelectorAll(`[data-seq="${seq}"]`).forEach(n => n.classList.add("sel"));
  const e = ev[seq];
  const actors = e.actors.map(([id, role]) => `<li>${esc(name(id))} <small>(${esc(role)})</small></li>`).join("");
  const claims = e.claims.map(([id, kind, v]) => `<li><code>${esc(id)}</code> — ${kind === "assessment" ? "assessed " : ""}${esc(v)}</li>`).join("");
  const sources = e.sources.map(s => `<li>${s.url ? `<a href="${esc(s.url)}" rel="noreferrer">${esc(s.publisher || s.url)}</a>` : esc(s.publisher)}${s.title ? `, “${esc(s.title)}”` : ""}${s.published ? `, ${esc(s.published)}` : ""}${s.quote ? `<blockquote>${esc(s.quote)}</blockquote>` : ""}</li>`).join("");
  box.innerHTML = `<h3>${esc(e.title)}</h3>` + (e.summary ? `<p>${esc(e.summary)}</p>` : "") +
    `<dl><dt>Occurred</dt><dd>${esc(e.occurred)}</dd><dt>Recorded</dt><dd>${esc(e.recorded)} by ${esc(e.recorder)}</dd><dt>Type</dt><dd>${esc(e.type)}${e.status !== "as-recorded" ? ` (${esc(e.status)})` : ""}</dd>` +
    (e.certainty ? `<dt>Certainty</dt><dd>${esc(e.certainty)}</dd>` : "") + `<dt>Id</dt><dd><code>${esc(e.id)}</code></dd></dl>` +
    (actors ? `<h4>Actors</h4><ul>${actors}</ul>` : "") + (claims ? `<h4>Claims</h4><ul>${claims}</ul>` : "") + `<h4>Sources</h4><ul>${sources}</ul>`;
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
    const evidence = related.map(e => `<li>${esc(e.occurred)} — ${esc(e.claims.filter(([id]) => id === c.id).map(([, k, v]) => (k === "assessment" ? "assessed " : "") + v).join(", "))}: ${esc(e.title)}${e.sources.map(s => s.url ? ` <a href="${esc(s.url)}" rel="noreferrer">[${esc(s.publisher || "source")}]</a>` : "").join("")}</li>`).join("");
    const tr = el("tr", {"data-claim": c.id, "data-standing": standing},
      `<td><code>${esc(c.id)}</code><br>${esc(c.statement)}<details><summary>Evidence (${related.length})</summary><ul>${evidence}</ul></details></td>` +
      `<td><span class="badge b-${esc(standing)}">${esc(standing)}</span></td><td data-label="For">${stance(["asserts", "reports", "acknowledges"])}</td><td data-label="Against">${stance(["denies"])}</td>` +
      `<td data-label="First">${esc(related[0] ? related[0].occurred : "")}</td><td data-label="Latest">${esc(related.length ? related[related.length - 1].occurred : "")}</td>`);
    tbody.append(tr);
  }
  if (!tbody.children.length) tbody.append(el("tr", {}, `<td colspan="6">No claims match.</td>`));
}

function renderBans(asOf) {
  const m = moment(asOf), svg = document.getElementById("ban-bars"), list = document.getElementById("ban-list");
  svg.replaceChildren(); list.replaceChildren();
  const bans = data.bans.filter(b => b.imposed <= asOf);
  const W = 1000, left = 10, rowH = 22, H = 20 + bans.length * rowH;
  svg.setAttribute("viewBox", `0 0 ${W} ${Math.max(H, 30)}`);
  const x0 = day(first), x1 = Math.max(day(asOf), x0 + 1), x = d => left + (W - left - 12) * (day(d) - x0) / (x1 - x0);
  bans.forEach((b, i) => {
    const end = b.lifted && b.lifted <= asOf ? b.lifted : asOf, status = m.bans[b.id] || (b.lifted && b.lifted <= asOf ? "lifted" : "in force");
    const y = 16 + i * rowH;
    svg.append(svgEl("rect", {x: x(b.imposed), y, width: Math.max(3, x(end) - x(b.imposed)), height: rowH - 8, rx: 3, fill: status === "lifted" ? "#8c959f" : status === "relaxed" ? "#e8a33d" : "#b3261e"}));
    const t = svgEl("text", {x: Math.min(x(b.imposed) + 4, W - 300), y: y + rowH - 12, class: "axis", fill: "#fff"}); t.textContent = b.id; svg.append(t);
    list.append(el("li", {"data-ban": b.id, "data-status": status}, `<strong>${esc(status)}</strong> — ${esc(b.title)} <small>(imposed ${esc(b.imposed)}${b.lifted && b.lifted <= asOf ? `, lifted ${esc(b.lifted)}` : ""}; ${esc(b.targets)}${b.items ? "; " + esc(b.items) : ""})</small>`));
  });
  if (!bans.length) list.append(el("li", {}, "No bans in force or recorded by this date."));
}

function setup() {
  const input = document.getElementById("asof");
  input.min = first; input.max = last;
  const ents = new Set(); data.events.forEach(e => { if (e.claims.length) e.actors.forEach(([id]) => ents.add(id)); });
  const es = document.getElementById("claim-entity");
  [...ents].sort().forEach(id => es.append(el("option", {value: id}, esc(name(id)))));
  const ss = document.getElementById("claim-standing");
  ["alleged", "corroborated", "confirmed", "disputed", "refuted", "retracted"].forEach(s => ss.append(el("option", {value: s}, s)));
  const fromHash = (location.hash.match(/asof=(\d{4}-\d{2}-\d{2})/) || [])[1];
  input.value = fromHash && fromHash >= first ? (fromHash <= last ? fromHash : last) : last;
  const update = () => { const v = input.value || last; history.replaceState(null, "", v === last ? location.pathname : `#asof=${v}`); render(v); };
  input.addEventListener("change", update);
  document.getElementById("latest").addEventListener("click", () => { input.value = last; update(); });
  es.addEventListener("change", () => renderClaims(input.value || last, data.events.filter(e => e.date <= (input.value || last))));
  ss.addEventListener("change", () => renderClaims(input.value || last, data.events.filter(e => e.date <= (input.value || last))));
  render(input.value);
}
setup();
