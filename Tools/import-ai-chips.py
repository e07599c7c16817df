#!/usr/bin/env python3
"""Convert the AI-chips timeline into a batch of Annals input events (JSON Lines).

Reads the curated real-world timeline ai-chips-timeline.json (45 events about US/Chinese
chip export controls, Nvidia, DeepSeek, Anthropic, OpenAI and distillation accusations)
and prints, to stdout, one Annals input event per line:

  1. one `entity` event per entity the batch refers to (actors, ban authorities and
     targets, released models), in order of first mention; each is dated and sourced
     with the date and the FIRST source of the earliest timeline event that mentions it;
  2. the 45 timeline events in the file's order, mapped to Annals types
     (ban/export-control -> ban, rescission/lifting -> ban-lifted, release -> release,
     announcement -> announcement, accusation -> accusation,
     report/allegation -> report, denial/response -> response), with the claims,
     stances, bans and lifts modelled in the tables below.

Data honesty: titles, summaries, certainty texts, actor roles and sources (url,
publisher, title, quote) are copied verbatim. `published_at` becomes `published` only
when non-empty; an empty `quote` is left out (Annals refuses empty text). Nothing in
the tables below adds a date, URL or quote that is not in the input; claim statements
are one-sentence restatements of what the event's title/summary says was alleged,
and the stance says who alleged it (asserts/reports) rather than resolving it.

Usage (from the repository root):

    python3 Tools/import-ai-chips.py ../shared/data/ai-chips-timeline.json > /tmp/ai-chips.jsonl

The input path is argv[1]; without it, ../shared/data/ai-chips-timeline.json relative
to the repository root (the parent of Tools/) is read. Then append the batch with

    annals append --file /tmp/ai-chips.jsonl --recorder "…"

(add --dry-run first to validate without writing). The output is deterministic: the
same input gives the same bytes. Before printing anything the script checks itself
(every actor name mapped, every referenced entity registered before use, every
claim's first use carries a statement, sources/titles/summaries/roles verbatim, ids
and text well-formed) and exits with status 1 and a message if any check fails.
Standard library only.
"""

import json
import os
import re
import sys

# ---------------------------------------------------------------------------
# Entities: id -> (display name, aliases). Names and aliases are unique across all
# entities, case-insensitively. An actor name from the data is an alias only when it
# stands for exactly one entity (composites like "Nvidia, AMD" are not aliases).
# ---------------------------------------------------------------------------
ENTITIES = {
    # governments and government bodies
    "gov:us": ("US government", []),
    "gov:us/commerce": ("US Department of Commerce", ["Commerce"]),
    # The data's "US Department of Commerce / BIS" names one body: BIS, a bureau of Commerce.
    "gov:us/bis": ("Bureau of Industry and Security", ["BIS", "US Department of Commerce / BIS"]),
    "gov:us/white-house": ("White House", []),
    "gov:us/fbi": ("FBI", ["Federal Bureau of Investigation"]),
    "gov:us/ostp": ("White House Office of Science and Technology Policy", ["White House OSTP", "OSTP"]),
    "gov:us/house-select-committee-ccp": ("House Select Committee on the CCP", ["House China Committee"]),
    "gov:sg/mti": ("Singapore Ministry of Trade and Industry", ["Singapore MTI"]),
    "gov:cn": ("Chinese government", []),
    "gov:cn/customs": ("Chinese customs", []),
    "gov:cn/embassy-us": ("Chinese Embassy in Washington", []),
    # people
    "person:donald-trump": ("Donald Trump", []),
    "person:jensen-huang": ("Jensen Huang", []),
    # One anonymous source, scoped to the Reuters report of 2026-02-23 so that later
    # anonymous officials are not silently merged with this one.
    "person:anonymous/reuters-2026-02-23-senior-us-official": ("Senior US administration official (anonymous)", []),
    # countries and territories
    "country:cn": ("China", ["People's Republic of China", "PRC"]),
    # Macau is a Chinese special administrative region; BIS names it as a separate
    # destination ("China and Macau"), so it gets its own entity (ISO 3166 code MO).
    "country:mo": ("Macau", []),
    # groups
    "group:d5-countries": ("D:5 countries", []),
    "group:ai-diffusion-tier-3-countries": ("AI Diffusion Rule Tier-3 countries", []),
    "group:us-chip-firms": ("US chip firms", []),
    "group:chinese-semiconductor-firms": ("Chinese semiconductor firms", []),
    "group:chinese-controlled-companies": ("Chinese-controlled companies", []),
    "group:china-based-actors": ("China-based entities (unnamed)", []),
    # companies
    "org:nvidia": ("Nvidia", []),
    "org:amd": ("AMD", []),
    "org:anthropic": ("Anthropic", []),
    "org:deepseek": ("DeepSeek", []),
    "org:openai": ("OpenAI", []),
    "org:microsoft": ("Microsoft", []),
    "org:huawei": ("Huawei", []),
    "org:huawei/cloud": ("Huawei Cloud", []),
    "org:cambricon": ("Cambricon", []),
    "org:moonshot-ai": ("Moonshot AI", ["Moonshot"]),
    "org:minimax": ("MiniMax", []),
    "org:the-information": ("The Information", []),
    # released models (release.product)
    "model:anthropic/claude-1": ("Claude 1", []),
    "model:anthropic/claude-2": ("Claude 2", []),
    "model:anthropic/claude-3": ("Claude 3", []),
    "model:anthropic/claude-3.5-sonnet": ("Claude 3.5 Sonnet", []),
    "model:anthropic/claude-4": ("Claude 4", []),
    "model:anthropic/claude-sonnet-4.5": ("Claude Sonnet 4.5", []),
    "model:anthropic/claude-opus-4.5": ("Claude Opus 4.5", []),
    "model:deepseek/v2": ("DeepSeek-V2", []),
    "model:deepseek/v3": ("DeepSeek-V3", []),
    "model:deepseek/r1": ("DeepSeek-R1", []),
    "model:deepseek/v3.1": ("DeepSeek-V3.1", []),
    "model:deepseek/v3.2-exp": ("DeepSeek-V3.2-Exp", []),
    "model:deepseek/v3.2": ("DeepSeek-V3.2", []),
    "model:deepseek/v4": ("DeepSeek-V4", []),
}
# No chip:* entities: the only chip "launch" in the data (Nvidia B200, 2024-03-18) is typed
# "announcement", which has no product field, and banned chips are listed as ban items
# (text). Only entities that some event references are registered.

# ---------------------------------------------------------------------------
# Actor names in the data -> entity ids. Every listed entity gets the actor's role,
# verbatim. Composites are split; "X / Y" naming a body and its sub-body maps to the
# specific body, "X / government" (the data hedging which body acted) maps to both.
# ---------------------------------------------------------------------------
ACTOR_MAP = {
    "US Department of Commerce / BIS": ["gov:us/bis"],
    "US Department of Commerce": ["gov:us/commerce"],
    "US government / Commerce": ["gov:us", "gov:us/commerce"],
    "US government": ["gov:us"],
    "White House": ["gov:us/white-house"],
    "White House / FBI": ["gov:us/white-house", "gov:us/fbi"],
    "White House OSTP": ["gov:us/ostp"],
    "House Select Committee on the CCP": ["gov:us/house-select-committee-ccp"],
    "Singapore MTI": ["gov:sg/mti"],
    "Chinese customs / government": ["gov:cn/customs", "gov:cn"],
    "Chinese Embassy in Washington": ["gov:cn/embassy-us"],
    "Donald Trump": ["person:donald-trump"],
    "Jensen Huang": ["person:jensen-huang"],
    "Senior US administration official (anonymous)": ["person:anonymous/reuters-2026-02-23-senior-us-official"],
    "People's Republic of China": ["country:cn"],
    "China": ["country:cn"],
    "China, Macau": ["country:cn", "country:mo"],
    "China and D:5 countries": ["country:cn", "group:d5-countries"],
    "China and other Tier-3 countries": ["country:cn", "group:ai-diffusion-tier-3-countries"],
    "Nvidia and other US chip firms": ["org:nvidia", "group:us-chip-firms"],
    "Chinese semiconductor firms": ["group:chinese-semiconductor-firms"],
    "Chinese-controlled companies": ["group:chinese-controlled-companies"],
    "China-based entities (unnamed)": ["group:china-based-actors"],
    "Nvidia": ["org:nvidia"],
    "Nvidia (H800)": ["org:nvidia"],  # the H800 detail stays in the event title
    "Nvidia, AMD": ["org:nvidia", "org:amd"],
    "AMD": ["org:amd"],
    "Anthropic": ["org:anthropic"],
    "DeepSeek": ["org:deepseek"],
    "OpenAI": ["org:openai"],
    "Microsoft": ["org:microsoft"],
    "Huawei": ["org:huawei"],
    "Huawei Cloud": ["org:huawei/cloud"],
    "Huawei, Cambricon": ["org:huawei", "org:cambricon"],
    "Moonshot AI": ["org:moonshot-ai"],
    "MiniMax": ["org:minimax"],
    "The Information": ["org:the-information"],
}

TYPE_MAP = {
    "ban/export-control": "ban",
    "rescission/lifting": "ban-lifted",
    "release": "release",
    "announcement": "announcement",
    "accusation": "accusation",
    "report/allegation": "report",
    "denial/response": "response",
}

# ---------------------------------------------------------------------------
# Claims: id -> statement (one sentence, the proposition). The statement is emitted on
# the first event (in batch order) that names the claim and omitted afterwards.
# ---------------------------------------------------------------------------
CLAIMS = {
    "claim:deepseek-v3-training-compute":
        "DeepSeek-V3's full training used about 2.788M Nvidia H800 GPU-hours.",
    "claim:deepseek-obtained-restricted-nvidia-chips":
        "DeepSeek obtained Nvidia chips whose export to China is restricted by US export controls.",
    "claim:deepseek-obtained-nvidia-chips-via-singapore":
        "DeepSeek obtained export-restricted Nvidia chips through intermediaries in Singapore.",
    "claim:deepseek-distilled-openai-models":
        "DeepSeek distilled OpenAI's models to train its own models.",
    "claim:deepseek-linked-accounts-pulled-openai-api-data":
        "Accounts linked to DeepSeek pulled large volumes of data through OpenAI's API in late 2024.",
    "claim:deepseek-distilled-us-models":
        "DeepSeek distilled leading US AI models to build its own models.",
    "claim:nvidia-developing-b30a-for-china":
        "Nvidia is developing the B30A, a single-die Blackwell-based AI chip, for sale in China.",
    "claim:us-blocks-nvidia-b30a-sales-to-china":
        "The White House will not permit Nvidia to sell the B30A chip to China.",
    "claim:deepseek-trained-on-smuggled-blackwell":
        "DeepSeek is training its next model on Nvidia Blackwell chips smuggled into China.",
    "claim:deepseek-trained-on-blackwell":
        "DeepSeek trained its upcoming model on Nvidia Blackwell chips.",
    "claim:blackwell-servers-smuggled-via-southeast-asia":
        "Servers with Nvidia Blackwell chips were installed legally in Southeast Asia, then dismantled and smuggled into China.",
    "claim:cn-customs-blocks-nvidia-h200-imports":
        "Chinese customs are barring imports of Nvidia H200 chips, and Chinese firms have been told not to buy them unless necessary.",
    "claim:deepseek-evaded-openai-access-restrictions":
        "Accounts linked to DeepSeek employees evaded OpenAI's access restrictions through obfuscated third-party routers and harvested model outputs automatically.",
    "claim:deepseek-distilled-claude":
        "DeepSeek distilled Anthropic's Claude models by harvesting exchanges with Claude through fraudulent accounts.",
    "claim:moonshot-distilled-claude":
        "Moonshot AI distilled Anthropic's Claude models by harvesting exchanges with Claude through fraudulent accounts.",
    "claim:minimax-distilled-claude":
        "MiniMax distilled Anthropic's Claude models by harvesting exchanges with Claude through fraudulent accounts.",
    "claim:china-industrial-scale-distillation":
        "Actors based in China run industrial-scale campaigns to distill US frontier AI models.",
    "claim:deepseek-withheld-v4-from-nvidia-amd":
        "DeepSeek withheld pre-release access to its V4 model from Nvidia and AMD while giving Chinese chipmakers such as Huawei a head start.",
    "claim:deepseek-v4-launch-following-week":
        "DeepSeek would launch V4 in the week following the late-February 2026 reports.",
}

# ---------------------------------------------------------------------------
# Per-event modelling, keyed by (occurred_at, start of title); each key must match
# exactly one timeline event. Keys: "claims" [(claim id, stance)], "release"
# {product, version?}, "ban" {...}, "lifts" {...}. Bans, lifts and releases are
# required for their types; claims for accusation/report/response.
# ---------------------------------------------------------------------------
SPECS = [
    (("2022-10-07", "BIS issues October 7"), {
        "ban": {"id": "ban:us-bis-2022-10-advanced-computing", "authority": "gov:us/bis",
                "targets": ["country:cn"], "items": ["advanced AI chips", "chipmaking tools"],
                # "Effective 2022-10-07" is in the Federal Register source's quote.
                "effective": "2022-10-07"}}),
    (("2023-03-14", "Anthropic introduces Claude"), {
        "release": {"product": "model:anthropic/claude-1", "version": "Claude 1 / Claude Instant"}}),
    (("2023-07-11", "Anthropic releases Claude 2"), {
        "release": {"product": "model:anthropic/claude-2"}}),
    (("2023-10-17", "BIS tightens the 2022 chip rules"), {
        # A separate rule (not a correction of the 2022 ban); items are the chips Nvidia
        # said the curbs covered, as listed in the summary. No effective date is given.
        "ban": {"id": "ban:us-bis-2023-10-advanced-computing-update", "authority": "gov:us/bis",
                "targets": ["country:cn", "group:d5-countries"],
                "items": ["Nvidia A100", "Nvidia A800", "Nvidia H100", "Nvidia H800", "Nvidia L40S"]}}),
    (("2024-03-04", "Anthropic launches Claude 3"), {
        "release": {"product": "model:anthropic/claude-3", "version": "Haiku, Sonnet, Opus"}}),
    # Kept as an announcement (the data's type); B200 availability was promised for later.
    (("2024-03-18", "Nvidia unveils Blackwell B200"), {}),
    (("2024-05-07", "DeepSeek releases DeepSeek-V2"), {
        "release": {"product": "model:deepseek/v2"}}),
    (("2024-06-20", "Anthropic releases Claude 3.5 Sonnet"), {
        "release": {"product": "model:anthropic/claude-3.5-sonnet"}}),
    (("2024-12-02", "BIS December 2024 package"), {
        "ban": {"id": "ban:us-bis-2024-12-hbm-and-equipment", "authority": "gov:us/bis",
                "targets": ["group:chinese-semiconductor-firms"],
                "items": ["high-bandwidth memory", "24 types of chipmaking equipment", "software keys"]}}),
    (("2024-12-26", "DeepSeek releases DeepSeek-V3"), {
        "release": {"product": "model:deepseek/v3"},
        # Self-reported figure, "later questioned by observers and US officials".
        "claims": [("claim:deepseek-v3-training-compute", "asserts")]}),
    (("2025-01-13", "Biden administration issues the AI Diffusion Rule"), {
        "ban": {"id": "ban:us-ai-diffusion-rule", "authority": "gov:us/bis",
                "targets": ["country:cn", "group:ai-diffusion-tier-3-countries"],
                "items": ["advanced AI chips", "closed model weights"],
                # Summary: "Effective on publication (90 FR 4544, 15 Jan)".
                "effective": "2025-01-15"}}),
    (("2025-01-20", "DeepSeek releases R1"), {
        "release": {"product": "model:deepseek/r1"}}),
    (("2025-01-27", "Nvidia says DeepSeek's work used export-control-compliant compute"), {
        # Nvidia: DeepSeek used compute "fully export control compliant".
        "claims": [("claim:deepseek-obtained-restricted-nvidia-chips", "denies")]}),
    (("2025-01-29", "OpenAI says it has evidence DeepSeek distilled"), {
        "claims": [("claim:deepseek-distilled-openai-models", "asserts"),
                   # Bloomberg's report about what Microsoft saw.
                   ("claim:deepseek-linked-accounts-pulled-openai-api-data", "reports")]}),
    (("2025-01-31", "Bloomberg: White House and FBI probe"), {
        # A report of a probe. Nvidia's and Singapore MTI's doubts are in the summary, but one
        # event carries one stance per claim, and this event's is the report.
        "claims": [("claim:deepseek-obtained-restricted-nvidia-chips", "reports"),
                   ("claim:deepseek-obtained-nvidia-chips-via-singapore", "reports")]}),
    (("2025-02-26", "Nvidia reports about $11B of Blackwell revenue"), {}),
    (("2025-04-09", "US imposes licence requirement on Nvidia H20"), {
        # Sources say "the U.S. government" informed Nvidia; the actor name is
        # "US government / Commerce", so both are actors and the authority is gov:us.
        "ban": {"id": "ban:us-h20-licence-requirement", "authority": "gov:us",
                "targets": ["country:cn"], "items": ["Nvidia H20"]}}),
    (("2025-04-16", "House China Committee report 'DeepSeek Unmasked'"), {
        "claims": [("claim:deepseek-distilled-us-models", "asserts"),
                   ("claim:deepseek-obtained-restricted-nvidia-chips", "asserts")]}),
    (("2025-05-13", "Commerce rescinds the AI Diffusion Rule"), {
        "lifts": {"ban": "ban:us-ai-diffusion-rule", "scope": "full"}}),
    (("2025-05-22", "Anthropic launches Claude 4"), {
        "release": {"product": "model:anthropic/claude-4", "version": "Opus 4 and Sonnet 4"}}),
    (("2025-07-14", "Nvidia says US assured it H20 licences"), {
        # Assurance that licences will be granted: the licence requirement stays.
        "lifts": {"ban": "ban:us-h20-licence-requirement", "scope": "partial"}}),
    (("2025-08-10", "H20/MI308 licences issued"), {
        # Licences (not removal of the requirement). AMD's MI308 is covered too, but the
        # data has no earlier ban naming the MI308; the H20 licence requirement is the
        # closest ban. "licences began 8 Aug" is in the summary.
        "lifts": {"ban": "ban:us-h20-licence-requirement", "scope": "partial", "effective": "2025-08-08"}}),
    (("2025-08-19", "Reuters: Nvidia developing the Blackwell-based B30A"), {
        "claims": [("claim:nvidia-developing-b30a-for-china", "reports")]}),
    (("2025-08-21", "DeepSeek releases V3.1"), {
        "release": {"product": "model:deepseek/v3.1"}}),
    # A terms-of-service change by a company, not a government ban: kept as an announcement.
    (("2025-09-04", "Anthropic bars companies controlled from China"), {}),
    (("2025-09-17", "DeepSeek's Nature R1 paper addresses OpenAI distillation suspicion"), {
        # "no intentionally added OpenAI-generated synthetic data" (the concession about
        # web-crawled AI text stays in the verbatim summary).
        "claims": [("claim:deepseek-distilled-openai-models", "denies")]}),
    (("2025-09-29", "DeepSeek releases V3.2-Exp"), {
        "release": {"product": "model:deepseek/v3.2-exp"}}),
    (("2025-09-29", "Anthropic releases Claude Sonnet 4.5"), {
        "release": {"product": "model:anthropic/claude-sonnet-4.5"}}),
    # On-record remarks, "not codified" (certainty): kept as an announcement, not a ban.
    (("2025-11-02", "Trump says the most advanced Blackwell chips"), {}),
    (("2025-11", "The Information: White House will not permit Nvidia to sell the B30A"), {
        # Anonymous sources, no official confirmation: recorded as a ban, with the claim
        # marked as reported.
        "ban": {"id": "ban:us-b30a-china", "authority": "gov:us/white-house",
                "targets": ["country:cn"], "items": ["Nvidia B30A"]},
        "claims": [("claim:us-blocks-nvidia-b30a-sales-to-china", "reports")]}),
    (("2025-11-24", "Anthropic releases Claude Opus 4.5"), {
        "release": {"product": "model:anthropic/claude-opus-4.5"}}),
    (("2025-12-01", "DeepSeek releases V3.2 and the API-only V3.2-Speciale"), {
        "release": {"product": "model:deepseek/v3.2", "version": "V3.2 and API-only V3.2-Speciale"}}),
    (("2025-12-08", "Trump allows Nvidia H200 sales"), {
        # No ban in the data names the H200. It fell under the advanced-AI-chip controls on
        # China that began with the October 2022 rule (tightened in 2023, whose item list
        # names other chips), so this relaxes the 2022 ban, partially (Blackwell excluded).
        "lifts": {"ban": "ban:us-bis-2022-10-advanced-computing", "scope": "partial"}}),
    (("2025-12-10", "The Information: DeepSeek training its next model on smuggled"), {
        "claims": [("claim:deepseek-trained-on-smuggled-blackwell", "reports"),
                   ("claim:deepseek-trained-on-blackwell", "reports"),
                   ("claim:blackwell-servers-smuggled-via-southeast-asia", "reports")]}),
    (("2025-12-10", "Nvidia disputes the Blackwell smuggling report"), {
        # Nvidia's dispute. DeepSeek's silence (role "subject (no comment)") cannot get its
        # own stance here: one event carries one stance per claim.
        "claims": [("claim:deepseek-trained-on-smuggled-blackwell", "denies"),
                   ("claim:blackwell-servers-smuggled-via-southeast-asia", "denies")]}),
    (("2026-01-13", "BIS moves H200/MI325X-class licences"), {
        # Same reasoning as 2025-12-08: presumption of denial -> case-by-case review for
        # H200/MI325X-class chips; Blackwell not covered. "effective 15 Jan 2026" is in the summary.
        "lifts": {"ban": "ban:us-bis-2022-10-advanced-computing", "scope": "partial", "effective": "2026-01-15"}}),
    (("2026-01-14", "Chinese customs reportedly bar Nvidia H200 imports"), {
        "ban": {"id": "ban:cn-customs-h200", "authority": "gov:cn/customs",
                "targets": ["org:nvidia"], "items": ["Nvidia H200"]},
        "claims": [("claim:cn-customs-blocks-nvidia-h200-imports", "reports")]}),
    (("2026-02-12", "OpenAI memo to House China Committee"), {
        "claims": [("claim:deepseek-distilled-openai-models", "asserts"),
                   ("claim:deepseek-distilled-us-models", "asserts"),
                   ("claim:deepseek-evaded-openai-access-restrictions", "asserts")]}),
    (("2026-02-23", "Anthropic accuses DeepSeek, Moonshot AI and MiniMax"), {
        "claims": [("claim:deepseek-distilled-claude", "asserts"),
                   ("claim:moonshot-distilled-claude", "asserts"),
                   ("claim:minimax-distilled-claude", "asserts"),
                   ("claim:china-industrial-scale-distillation", "asserts")]}),
    (("2026-02-23", "Reuters: senior US official says DeepSeek's upcoming model"), {
        # The official would not say how the chips were obtained: not the "smuggled" claim.
        "claims": [("claim:deepseek-trained-on-blackwell", "reports")]}),
    (("2026-02-24", "Accused Chinese labs stay silent"), {
        "claims": [("claim:deepseek-distilled-claude", "no-comment"),
                   ("claim:moonshot-distilled-claude", "no-comment"),
                   ("claim:minimax-distilled-claude", "no-comment")]}),
    (("2026-02-27", "Reports: DeepSeek withholds V4 from Nvidia/AMD"), {
        "claims": [("claim:deepseek-withheld-v4-from-nvidia-amd", "reports"),
                   ("claim:deepseek-v4-launch-following-week", "reports")]}),
    (("2026-04-23", "White House OSTP memo accuses China-based actors"), {
        "claims": [("claim:china-industrial-scale-distillation", "asserts")]}),
    (("2026-04-24", "Chinese embassy rejects White House distillation accusation"), {
        "claims": [("claim:china-industrial-scale-distillation", "denies")]}),
    (("2026-04-24", "DeepSeek releases V4 preview"), {
        "release": {"product": "model:deepseek/v4", "version": "preview (Pro and Flash)"}}),
]

# ---------------------------------------------------------------------------
# Checks mirroring Annals' validation, so the batch is refused here, not half-way.
# ---------------------------------------------------------------------------
ENTITY_KINDS = ("org", "gov", "person", "model", "chip", "country", "group", "product")
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9._/-]*[a-z0-9])?$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
STANCES = ("asserts", "reports", "denies", "acknowledges", "no-comment")

errors = []


def fail(msg):
    errors.append(msg)


def is_entity_id(s):
    kind, sep, slug = s.partition(":")
    return bool(sep) and kind in ENTITY_KINDS and bool(SLUG.match(slug)) and len(s.encode()) <= 120


def is_prefixed(s, prefix):
    return s.startswith(prefix + ":") and bool(SLUG.match(s[len(prefix) + 1:])) and len(s.encode()) <= 120


def check_text(s, where, limit, multiline):
    if not isinstance(s, str) or not s.strip():
        fail(f"{where}: empty or not text")
        return
    for ch in s:
        v = ord(ch)
        if v < 0x20 or 0x7F <= v < 0xA0 or v in (0x2028, 0x2029) or 0x202A <= v <= 0x202E or 0x2066 <= v <= 0x2069:
            if multiline and ch in "\n\t":
                continue
            fail(f"{where}: control character U+{v:04X}")
            return
    if len(s) > limit:
        fail(f"{where}: {len(s)} characters, limit {limit}")


def check_date(s, where):
    if not isinstance(s, str) or not DATE.match(s):
        fail(f"{where}: bad date {s!r}")


def alias_key(s):
    return " ".join(s.lower().split())


def occurred_of(ev, where):
    """occurred_at at the stated precision ("month" -> YYYY-MM)."""
    at, precision = ev["occurred_at"], ev["precision"]
    want = {"year": 4, "month": 7, "day": 10}.get(precision)
    if want is None:
        fail(f"{where}: unknown precision {precision!r}")
        return at
    if len(at) != want:
        fail(f"{where}: occurred_at {at!r} does not match precision {precision!r}")
    return at


def sort_key(date):
    """Annals order: start of the period, then coarser precision first."""
    parts = date.split("-")
    full = "-".join(parts + ["01"] * (3 - len(parts)))
    return (full, len(parts))


def convert_source(src):
    out = {"url": src["url"], "publisher": src["publisher"], "title": src["title"]}
    if src.get("published_at"):
        out["published"] = src["published_at"]
    if src.get("quote"):
        out["quote"] = src["quote"]
    return out


def source_is_verbatim(src, out):
    if set(src) != {"url", "publisher", "title", "published_at", "quote"}:
        return False
    if (out.get("url"), out.get("publisher"), out.get("title")) != (src["url"], src["publisher"], src["title"]):
        return False
    if out.get("published", "") != src["published_at"] or out.get("quote", "") != src["quote"]:
        return False
    return set(out) <= {"url", "publisher", "title", "published", "quote"}


def find_spec(ev, used):
    hits = [i for i, ((when, start), _) in enumerate(SPECS)
            if ev["occurred_at"] == when and ev["title"].startswith(start)]
    if len(hits) != 1:
        fail(f"event {ev['occurred_at']} {ev['title'][:60]!r}: matches {len(hits)} spec entries")
        return {}
    used.add(hits[0])
    return SPECS[hits[0]][1]


def build(data):
    # ---- timeline events (built first: entity events need their first mentions) ----
    timeline = []
    used_specs = set()
    for n, ev in enumerate(data):
        where = f"timeline[{n}] ({ev.get('occurred_at')} {ev.get('title', '')[:50]!r})"
        if ev.get("type") not in TYPE_MAP:
            fail(f"{where}: unknown type {ev.get('type')!r}")
            continue
        typ = TYPE_MAP[ev["type"]]
        spec = find_spec(ev, used_specs)
        out = {"type": typ, "title": ev["title"]}
        if ev.get("summary"):
            out["summary"] = ev["summary"]
        out["occurred"] = occurred_of(ev, where)
        if ev.get("certainty"):
            out["certainty"] = ev["certainty"]
        out["sources"] = [convert_source(s) for s in ev["sources"]]
        actors = []
        for a in ev["actors"]:
            ids = ACTOR_MAP.get(a["name"])
            if ids is None:
                fail(f"{where}: actor name {a['name']!r} is not in ACTOR_MAP")
                continue
            actors += [{"entity": i, "role": a["role"]} for i in ids]
        if actors:
            out["actors"] = actors
        if "claims" in spec:
            out["claims"] = [{"id": c, "stance": s} for c, s in spec["claims"]]
        key = {"release": "release", "ban": "ban", "ban-lifted": "lifts"}.get(typ)
        for k in ("release", "ban", "lifts"):
            if k in spec and k != key:
                fail(f"{where}: spec gives '{k}' for a {typ} event")
        if key:
            if key not in spec:
                fail(f"{where}: a {typ} event needs '{key}' in SPECS")
            else:
                out[key] = dict(spec[key])
        if typ in ("accusation", "report", "response") and "claims" not in spec:
            fail(f"{where}: a {typ} event needs claims in SPECS")
        timeline.append((n, ev, out))
    for i, (k, _) in enumerate(SPECS):
        if i not in used_specs:
            fail(f"SPECS entry {k} matches no timeline event")

    # ---- first mention of each entity ----
    first = {}  # entity id -> (sort key, file index, position, timeline input event)
    for n, ev, out in timeline:
        for pos, eid in enumerate(references(out)):
            k = (sort_key(out["occurred"]), n, pos)
            if eid not in first or k < first[eid][:3]:
                first[eid] = k + (ev,)
    for eid in first:
        if eid not in ENTITIES:
            fail(f"entity {eid} is referenced but not in ENTITIES")
    for eid in ENTITIES:
        if eid not in first:
            fail(f"entity {eid} is in ENTITIES but no event references it")

    entity_events, entity_origins = [], []
    for eid in sorted((e for e in first if e in ENTITIES), key=lambda e: first[e][:3]):
        name, aliases = ENTITIES[eid]
        ev = first[eid][3]
        spec = {"id": eid, "name": name}
        if aliases:
            spec["aliases"] = list(aliases)
        entity_events.append({
            "type": "entity",
            "title": f"Registers entity: {name}",
            "occurred": ev["occurred_at"],
            "sources": [convert_source(ev["sources"][0])],
            "entity": spec,
        })
        entity_origins.append(ev)

    # ---- claim statements on first use ----
    seen_claims = set()
    for _, _, out in timeline:
        for c in out.get("claims", []):
            if c["id"] not in seen_claims:
                seen_claims.add(c["id"])
                if c["id"] not in CLAIMS:
                    fail(f"claim {c['id']} has no statement in CLAIMS")
                else:
                    c["statement"] = CLAIMS[c["id"]]
    for cid in CLAIMS:
        if cid not in seen_claims:
            fail(f"claim {cid} is in CLAIMS but no event names it")

    return entity_events, entity_origins, timeline


def references(out):
    refs = [a["entity"] for a in out.get("actors", [])]
    if "release" in out:
        refs.append(out["release"]["product"])
    if "ban" in out:
        refs.append(out["ban"]["authority"])
        refs += out["ban"]["targets"]
    return refs


ALLOWED = {"type", "title", "summary", "occurred", "actors", "claims", "sources", "certainty"}
SPECIFIC = {"entity": "entity", "release": "release", "ban": "ban", "ban-lifted": "lifts"}


def check_batch(entity_events, entity_origins, timeline, data):
    batch = entity_events + [out for _, _, out in timeline]
    if len(timeline) != len(data):
        fail(f"{len(timeline)} timeline events built from {len(data)} input events")

    # names and aliases unique, case-insensitively
    owner = {}
    for eid, (name, aliases) in ENTITIES.items():
        if not is_entity_id(eid):
            fail(f"bad entity id {eid}")
        for a in [name] + aliases:
            k = alias_key(a)
            if k in owner:
                fail(f"name/alias {a!r} of {eid} already stands for {owner[k]}")
            owner[k] = eid
            check_text(a, f"{eid} name/alias", 200, False)

    registered, bans, claims_seen = set(), set(), set()
    for i, ev in enumerate(batch):
        where = f"line {i + 1} ({ev['type']}: {ev['title'][:50]!r})"
        extra = set(ev) - ALLOWED - ({SPECIFIC[ev["type"]]} if ev["type"] in SPECIFIC else set())
        if extra:
            fail(f"{where}: unknown fields {sorted(extra)}")
        check_text(ev["title"], where + " title", 500, False)
        if "summary" in ev:
            check_text(ev["summary"], where + " summary", 20000, True)
        if "certainty" in ev:
            check_text(ev["certainty"], where + " certainty", 400, False)
        check_date(ev["occurred"], where + " occurred")
        if not ev["sources"]:
            fail(f"{where}: no sources")
        for s in ev["sources"]:
            if not re.match(r"^https?://\S{1,2040}$", s["url"]):
                fail(f"{where}: bad url {s['url']!r}")
            check_text(s["publisher"], where + " source publisher", 200, False)
            check_text(s["title"], where + " source title", 200, False)
            if "published" in s:
                check_date(s["published"], where + " source published")
            if "quote" in s:
                check_text(s["quote"], where + " source quote", 20000, True)
        if ev["type"] in ("release", "announcement", "accusation", "response") and not ev.get("actors"):
            fail(f"{where}: needs actors")
        if ev["type"] in ("accusation", "report", "response") and not ev.get("claims"):
            fail(f"{where}: needs claims")
        seen_actor = set()
        for a in ev.get("actors", []):
            check_text(a["role"], where + " role", 200, False)
            if a["entity"] in seen_actor:
                fail(f"{where}: actor {a['entity']} listed twice")
            seen_actor.add(a["entity"])
        for eid in references(ev):
            if not is_entity_id(eid):
                fail(f"{where}: bad entity id {eid}")
            if eid not in registered:
                fail(f"{where}: entity {eid} used before it is registered")
        seen_here = set()
        for c in ev.get("claims", []):
            if not is_prefixed(c["id"], "claim") or c["stance"] not in STANCES:
                fail(f"{where}: bad claim {c}")
            if c["id"] in seen_here:
                fail(f"{where}: claim {c['id']} named twice in one event")
            seen_here.add(c["id"])
            if c["id"] in claims_seen:
                if "statement" in c:
                    fail(f"{where}: claim {c['id']} repeats its statement")
            else:
                if "statement" not in c:
                    fail(f"{where}: first use of {c['id']} has no statement")
                else:
                    check_text(c["statement"], where + " statement", 20000, False)
                claims_seen.add(c["id"])
        if ev["type"] == "entity":
            registered.add(ev["entity"]["id"])
        if ev["type"] == "release" and ev["release"]["product"].split(":")[0] not in ("model", "chip"):
            fail(f"{where}: release.product must be a model or chip")
        if ev["type"] == "ban":
            b = ev["ban"]
            if not is_prefixed(b["id"], "ban") or b["id"] in bans:
                fail(f"{where}: bad or duplicate ban id {b['id']}")
            bans.add(b["id"])
            if not b["targets"]:
                fail(f"{where}: ban without targets")
            for it in b.get("items", []):
                check_text(it, where + " ban item", 200, False)
            if "effective" in b:
                check_date(b["effective"], where + " ban effective")
        if ev["type"] == "ban-lifted":
            lf = ev["lifts"]
            if lf["ban"] not in bans:
                fail(f"{where}: lifts unknown or later ban {lf['ban']}")
            if lf["scope"] not in ("full", "partial"):
                fail(f"{where}: bad scope")
            if "effective" in lf:
                check_date(lf["effective"], where + " lifts effective")

    # verbatim copies
    for n, ev, out in timeline:
        where = f"timeline[{n}]"
        for k in ("title", "summary", "certainty"):
            if out.get(k, "") != ev.get(k, ""):
                fail(f"{where}: {k} not verbatim")
        if len(out["sources"]) != len(ev["sources"]) or not all(
                source_is_verbatim(s, o) for s, o in zip(ev["sources"], out["sources"])):
            fail(f"{where}: sources not verbatim")
        roles = [(a["entity"], a["role"]) for a in out.get("actors", [])]
        want = [(i, a["role"]) for a in ev["actors"] for i in ACTOR_MAP.get(a["name"], [])]
        if roles != want:
            fail(f"{where}: actor roles not verbatim")
    data_names = {a["name"] for ev in data for a in ev["actors"]}
    for name in sorted(set(ACTOR_MAP) - data_names):
        fail(f"ACTOR_MAP entry {name!r} is not an actor name in the data")
    for e, origin in zip(entity_events, entity_origins):
        if e["occurred"] != origin["occurred_at"] or len(e["sources"]) != 1 \
                or not source_is_verbatim(origin["sources"][0], e["sources"][0]):
            fail(f"entity {e['entity']['id']}: source not verbatim")
    return batch


def main(argv):
    if len(argv) > 2:
        print("usage: import-ai-chips.py [timeline.json] > batch.jsonl", file=sys.stderr)
        return 2
    if len(argv) == 2:
        path = argv[1]
    else:
        repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        path = os.path.join(repo, "..", "shared", "data", "ai-chips-timeline.json")
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        print(f"import-ai-chips: cannot read {path}: {e}", file=sys.stderr)
        return 1
    if not isinstance(data, list):
        print("import-ai-chips: the timeline must be a JSON array", file=sys.stderr)
        return 1
    entity_events, entity_origins, timeline = build(data)
    batch = check_batch(entity_events, entity_origins, timeline, data) if not errors else []
    if errors:
        print("import-ai-chips: self-check failed:", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    text = "".join(json.dumps(ev, ensure_ascii=False, separators=(",", ":")) + "\n" for ev in batch)
    sys.stdout.buffer.write(text.encode("utf-8"))  # UTF-8 whatever the locale
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
