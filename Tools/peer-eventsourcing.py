"""The peer in Tools/bench-peer.sh: Python's `eventsourcing` library (SQLite persistence) doing
what Annals does for the same events: append them, then read them all back into a projection of
two tables (events, and their actors). Prints two lines, "append SECONDS" and "project SECONDS".

Usage: python peer-eventsourcing.py EVENTS.jsonl WORKDIR [--append-only]
The events are the JSON Lines Tools/generate-events.py writes; each is stored whole as the
payload of one domain event, 1,000 events per save (one transaction), on aggregates of 10,000.
"""
import json
import os
import sqlite3
import sys
import time

source, work = sys.argv[1], sys.argv[2]
os.environ["PERSISTENCE_MODULE"] = "eventsourcing.sqlite"
os.environ["SQLITE_DBNAME"] = os.path.join(work, "eventsourcing.sqlite")

from eventsourcing.application import Application  # noqa: E402
from eventsourcing.domain import Aggregate, event  # noqa: E402


class Log(Aggregate):
    @event("Recorded")
    def record(self, payload: dict):
        pass


class Ledger(Application):
    pass


app = Ledger()
start = time.perf_counter()
count = 0
with open(source, encoding="utf-8") as lines:
    log = Log()
    for line in lines:
        log.record(json.loads(line))
        count += 1
        if count % 1000 == 0:
            app.save(log)
        if count % 10000 == 0:
            log = Log()
    app.save(log)
appended = time.perf_counter() - start
if "--append-only" in sys.argv:
    print(f"append {appended:.3f}")
    sys.exit(0)

start = time.perf_counter()
db = sqlite3.connect(os.path.join(work, "peer-projection.sqlite"))
db.executescript(
    """
    PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
    CREATE TABLE events (position INTEGER PRIMARY KEY, type TEXT, title TEXT, occurred TEXT);
    CREATE TABLE event_actors (position INTEGER, entity TEXT, role TEXT);
    BEGIN;
    """
)
position = 0
projected = 0
while True:
    page = app.recorder.select_notifications(start=position + 1, limit=1000)
    if not page:
        break
    events, actors = [], []
    for notification in page:
        position = notification.id
        domain_event = app.mapper.to_domain_event(notification)
        payload = getattr(domain_event, "payload", None)
        if payload is None:
            continue  # an aggregate's Created event
        projected += 1
        events.append((position, payload["type"], payload["title"], payload["occurred"]))
        actors += [(position, a["entity"], a["role"]) for a in payload.get("actors", [])]
    db.executemany("INSERT INTO events VALUES (?, ?, ?, ?)", events)
    db.executemany("INSERT INTO event_actors VALUES (?, ?, ?)", actors)
db.execute("COMMIT")
db.close()
projection = time.perf_counter() - start
assert projected == count, (projected, count)
print(f"append {appended:.3f}")
print(f"project {projection:.3f}")
