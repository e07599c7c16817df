#!/usr/bin/env python3
"""Reads a generated ledger's log (JSON Lines) and writes a batch that amends it, for Tools/output-corpus.sh:
corrections (one moves an event in valid time, one changes its title and summary), retractions of a stance,
of a ban and of a lift, and claim-status assessments. Deterministic for a given log."""
import json
import sys

records = [json.loads(line) for line in sys.stdin if line.strip()]
by_type = {}
for r in records:
    by_type.setdefault(r["type"], []).append(r)
out = []
for i, r in enumerate(by_type["accusation"][5:25:4]):
    out.append({"type": "correction", "title": f"Corrects the date of event {r['seq']}", "occurred": "2026-01-05",
                "amends": {"event": r["id"], "reason": "The source gives another day.",
                           "set": {"occurred": f"20{16 + i:02d}-0{1 + i}-1{i}"}},
                "sources": [{"url": f"https://example.org/corrections/{i}", "publisher": "Example Desk"}]})
for i, r in enumerate(by_type["release"][3:12:3]):
    out.append({"type": "correction", "title": f"Corrects the wording of event {r['seq']}", "occurred": "2026-01-06",
                "amends": {"event": r["id"], "reason": "The headline was wrong.",
                           "set": {"title": f"Corrected release title {i}", "summary": "A corrected summary."}},
                "sources": [{"url": f"https://example.org/corrections/r{i}", "publisher": "Example Desk"}]})
retract = by_type["response"][2:10:3] + by_type["ban"][4:6] + by_type["ban-lifted"][7:9] + by_type["report"][1:3]
for i, r in enumerate(retract):
    out.append({"type": "retraction", "title": f"Retracts event {r['seq']}", "occurred": "2026-01-07",
                "amends": {"event": r["id"], "reason": "The outlet withdrew the story."},
                "sources": [{"url": f"https://example.org/retractions/{i}", "publisher": "Example Desk"}]})
claims = sorted({c["id"] for r in records for c in r.get("claims", [])}, key=lambda c: int(c.split("-")[-1]))
statuses = ["corroborated", "disputed", "refuted", "confirmed", "alleged", "retracted"]
for i in range(12):
    out.append({"type": "claim-status", "title": f"Assesses claim {claims[i * 7]}", "occurred": f"20{18 + i % 8}-03-0{1 + i % 9}",
                "assessment": {"claim": claims[i * 7], "status": statuses[i % len(statuses)],
                               "note": f"Assessment number {i}."},
                "sources": [{"url": f"https://example.org/assessments/{i}", "publisher": "Example Checkers"}]})
for e in out:
    print(json.dumps(e, separators=(",", ":")))
