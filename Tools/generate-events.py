#!/usr/bin/env python3
"""Generate a synthetic Annals input batch (JSON Lines) for benchmarks and stress tests.

Usage: python3 Tools/generate-events.py COUNT [--seed N] [--start K] [--kb] > events.jsonl

The first events register 200 entities; the rest are releases, announcements, bans, lifts,
accusations, reports and responses about 2,000 claims, each with one or two sources, spread
over 2015-2026. Output is deterministic for a given COUNT, seed and start. --start K numbers
the events from K (so a second batch for the same ledger makes new events, not duplicates)
and skips the entity registrations when K > 1. --kb makes events of about 1 KB (a longer
summary and quote, as the shipped ledger's events have).
"""
import json
import random
import sys

def main():
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if args else 64)
    count = int(args[0])
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 1
    start = int(args[args.index("--start") + 1]) if "--start" in args else 1
    kb = "--kb" in args
    rng = random.Random(seed * 1_000_003 + start)
    out = sys.stdout
    kinds = ["org", "gov", "model", "chip", "person"]
    entities = [f"{kinds[i % len(kinds)]}:gen-{i}" for i in range(200)]
    n = 0
    if start == 1:
        for i, e in enumerate(entities):
            if n >= count:
                return
            out.write(json.dumps({
                "type": "entity", "title": f"Registers entity {e}", "occurred": "2015",
                "entity": {"id": e, "name": f"Generated entity {i}", "aliases": [f"gen alias {i}"]},
                "sources": [{"url": f"https://example.org/entities/{i}", "publisher": "Example Registry"}],
            }, separators=(",", ":")) + "\n")
            n += 1
    products = [e for e in entities if e.startswith(("model:", "chip:"))]  # what can be released

    def date_of(k):
        # 2015-2025: never after the time the events are recorded.
        return (2015 + (k * 7919) % 11, 1 + (k * 31) % 12, 1 + (k * 17) % 28)

    types = ["release", "announcement", "accusation", "report", "response", "ban", "ban-lifted"]
    stances = {"accusation": "asserts", "report": "reports", "response": "denies"}
    k = start
    while n < count:
        t = types[k % len(types)]
        # A lift (of the ban just before it) never takes effect before that ban.
        year, month, day = max(date_of(k), date_of(k - 1)) if t == "ban-lifted" else date_of(k)
        actor = entities[(k * 13) % len(entities)]
        other = entities[(k * 29 + 7) % len(entities)]
        ev = {
            "type": t,
            "title": f"Generated {t} number {k} about {actor} and {other}",
            "summary": f"A synthetic event {k} for benchmarks; it mentions distillation, export controls and chips.",
            "occurred": f"{year:04d}-{month:02d}-{day:02d}",
            "actors": [{"entity": actor, "role": "actor"}, {"entity": other, "role": "subject"}],
            "sources": [{"url": f"https://example.org/news/{k}", "publisher": "Example News",
                         "title": f"Report {k}", "published": f"{year:04d}-{month:02d}-{day:02d}",
                         "quote": f"Quoted words number {k} from the report."}],
        }
        if kb:
            ev["summary"] += (f" Event {k} is padded to about a kilobyte, like the shipped ledger's events: it says"
                              " who did what, when, and what the sources quoted; analysts read such summaries"
                              " when they check a contested record against the reporting that backs it.")
            ev["sources"][0]["quote"] += (" The report goes on at some length, as quotes in the shipped ledger do,"
                                          " about chips, models, export rules and what each side said.")
        if rng.random() < 0.5:
            ev["sources"].append({"url": f"https://example.com/wire/{k}", "publisher": "Example Wire"})
        if t in stances:
            c = k % 2000
            ev["claims"] = [{"id": f"claim:gen-{c}", "stance": stances[t],
                             "statement": f"Generated proposition number {c}"}]
        if t == "release":
            ev["release"] = {"product": products[(k * 3) % len(products)], "version": f"v{k % 10}"}
        if t == "ban":
            ev["ban"] = {"id": f"ban:gen-{k}", "authority": actor, "targets": [other], "items": [f"item {k}"]}
        if t == "ban-lifted":
            ev["lifts"] = {"ban": f"ban:gen-{k - 1}", "scope": "partial" if k % 2 else "full"}
        out.write(json.dumps(ev, separators=(",", ":")) + "\n")
        n += 1
        k += 1

if __name__ == "__main__":
    main()
