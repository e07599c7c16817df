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
  document.getElementById("proof-status").textContent = !checkpoint ? "No checkpoint had been saved when this page was written: its events carry no inclusion proofs." :
    `Each event carries its inclusion proof against the checkpoint ${checkpoint.origin} of ${checkpoint.size} records (${data.proofs.file}): open an event's “Proof” to download it and check it offline with annals check-proof, or in this browser.`;
  if (location.hash === "#selftest") selfTest();
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
setup();
