"""A draft in the curated annotation format (docs/annotation-format.md), as YAML text.

Every verbatim string is checked the way the build checks it (unique in the source, outside not_reporting)
before it is written; a record whose evidence cannot be cited is left out. Values the extractor could not
decide are written as TODO, which the build rejects until a curator fixes them."""

from __future__ import annotations

import json
import re

from ..sources import DATE_HINT
from .entities import slug
from .pipeline import Draft

TODO = "TODO"
_TYPE_TITLES = {"meeting": "Meeting", "summit": "Summit", "phone_call": "Phone call", "visit": "Visit",
                "negotiation_round": "Talks", "prisoner_exchange": "Prisoner exchange", "agreement": "Agreement",
                "ultimatum": "Ultimatum", "announcement": "Announcement", "attack": "Attack",
                "military_aid": "Military aid", "military_posture": "Military posture"}


def q(value: str) -> str:
    """A YAML double-quoted scalar holding `value` exactly."""
    out = json.dumps(value, ensure_ascii=False)
    return out.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\x85")


def _date_lines(d, indent: str) -> list[str]:
    if d is None:
        return []
    form = d.form()
    if isinstance(form, dict):
        lines = [f"{indent}date: {{start: {form['start']}, end: {form['end']}}}", f"{indent}date_precision: {d.precision}"]
    else:
        lines = [f"{indent}date: {form}"]
    lines.append(f"{indent}date_basis: {d.basis}")
    if d.text:
        lines.append(f"{indent}date_text: {q(d.text)}")
    return lines


class _Writer:
    def __init__(self, draft: Draft, taken_ids: set[str], names: dict[str, str]):
        self.d = draft
        self.text = draft.text
        self.taken = set(taken_ids)
        self.names = names
        hint = DATE_HINT.match(self.text)
        self.excluded = [(a, b) for a, b, _ in draft.not_reporting] + ([(0, hint.end())] if hint else [])

    def unique_id(self, base: str) -> str:
        base = slug(base)[:60].strip("-") or "record"
        out, n = base, 2
        while out in self.taken:
            out = f"{base}-{n}"
            n += 1
        self.taken.add(out)
        return out

    def citable(self, a: int, b: int) -> str | None:
        """text[a:b] when the build can locate it (unique, outside not_reporting); else its line, else None."""
        for x, y in ((a, b), (self.text.rfind("\n", 0, a) + 1, (self.text.find("\n", b) + 1 or len(self.text) + 1) - 1)):
            s = self.text[x:y].strip()
            if not s:
                continue
            x = self.text.find(s, x)
            y = x + len(s)
            if self.text.count(s) == 1 and not any(x < e and s0 < y for s0, e in self.excluded):
                return s
        return None

    def name(self, actor_id: str) -> str:
        return self.names.get(actor_id, actor_id)


def render(draft: Draft, taken_ids: set[str], names: dict[str, str]) -> str:
    w = _Writer(draft, taken_ids, names)
    text = draft.text
    out = [f"# Machine draft of {draft.source_id} (`datapkg extract`). A curator checks every record against the",
           "# source, corrects it, resolves each TODO (the build rejects TODO values), moves proposed_actors to",
           "# annotations/actors/*.yaml, then copies this file to annotations/<source_id>.yaml.",
           f"source_id: {draft.source_id}", ""]
    out.append("not_reporting:" if draft.not_reporting else "not_reporting: []")
    for a, b, reason in draft.not_reporting:
        out += [f"  - text: {q(text[a:b])}", f"    reason: {reason}"]
    out.append("")
    # events
    ev_lines: list[str] = []
    for e in draft.events:
        evidence = [s for s in (w.citable(a, b) for a, b in e.evidence) if s]
        evidence = list(dict.fromkeys(evidence))
        if not evidence:
            continue
        ids = [a for a, _ in e.participants]
        date_part = e.date.form() if e.date else None
        date_slug = date_part if isinstance(date_part, str) else (date_part["start"] if date_part else "")
        eid = w.unique_id(f"{e.event_type}-{'-'.join(i.split('-')[-1] for i in ids[:3])}-{date_slug}")
        title = f"{_TYPE_TITLES.get(e.event_type, e.event_type)}: " + ", ".join(w.name(i) for i in ids[:4])
        ev_lines += [f"  - event_id: {eid}", f"    event_type: {e.event_type}", f"    status: {e.status}",
                     f"    title: {q(title)}"]
        ev_lines += _date_lines(e.date if e.date and any(e.date.text in s for s in evidence) else None, "    ")
        ev_lines.append("    participants:")
        for aid, role in e.participants:
            ev_lines += [f"      - actor_id: {aid}", f"        role: {role}"]
        ev_lines.append("    evidence:")
        ev_lines += [f"      - {q(s)}" for s in evidence]
        ev_lines.append("")
    out += _section("events", ev_lines)
    # statements
    st_lines: list[str] = []
    for s in draft.statements:
        quote = text[s.quote[0]:s.quote[1]]
        ev = w.citable(*s.evidence)
        if ev is None and (text.count(quote) != 1 or any(a < s.quote[1] and s.quote[0] < b for a, b in w.excluded)):
            continue
        speaker = s.speaker.actor_id if s.speaker and s.speaker.actor_id else None
        words = " ".join(re.findall(r"\w+", quote)[:6])
        sid = w.unique_id(f"{speaker or 'unknown'}-{words}")
        st_lines.append(f"  - statement_id: {sid}")
        st_lines.append(f"    speaker_actor_id: {speaker or TODO}" + ("" if speaker else
                        "  # TODO: speaker not resolved; name an actor of the registry or an anonymous actor"))
        if s.speaker and s.speaker.span and ev and text[s.speaker.span[0]:s.speaker.span[1]] in ev:
            st_lines.append(f"    speaker_text: {q(text[s.speaker.span[0]:s.speaker.span[1]])}")
        st_lines.append(f"    quote: {q(quote)}")
        st_lines.append(f"    quote_type: {s.quote_type}")
        if ev:
            st_lines.append(f"    evidence: {q(ev)}")
        date = s.date
        if date is not None and date.text and not (ev and date.text in ev or s.date_from_entry):
            date = None
        st_lines += _date_lines(date, "    ")
        st_lines.append(f"    channel: {s.channel}")
        if s.reported_via and s.reported_via != speaker:
            st_lines.append(f"    reported_via_actor_id: {s.reported_via}")
        st_lines.append("")
    out += _section("statements", st_lines)
    # measures
    ms_lines: list[str] = []
    for m in draft.measures:
        evidence = list(dict.fromkeys(s for s in (w.citable(a, b) for a, b in m.evidence) if s))
        if not evidence:
            continue
        mid = w.unique_id(f"{m.imposer or 'unknown'}-{m.measure_type}-{m.target or ''}-{m.status}")
        ms_lines += [f"  - measure_id: {mid}", f"    status: {m.status}"]
        ms_lines += _date_lines(m.date if m.date and any(m.date.text in s for s in evidence) else None, "    ")
        ms_lines.append(f"    imposer_actor_id: {m.imposer or TODO}" + ("" if m.imposer else "  # TODO: who imposes it"))
        if m.target:
            ms_lines.append(f"    target_actor_id: {m.target}")
        if m.pressure_on:
            ms_lines.append(f"    pressure_on_actor_id: {m.pressure_on}")
        ms_lines.append(f"    measure_type: {m.measure_type}")
        if m.sector:
            ms_lines.append(f"    sector: {m.sector}")
        for key, val in (("rate_prior_pct", m.rate_prior), ("rate_new_pct", m.rate_new), ("rate_min_pct", m.rate_min),
                         ("rate_max_pct", m.rate_max)):
            if val is not None:
                ms_lines.append(f"    {key}: {val:g}")
        ms_lines.append(f"    evidence_level: {m.evidence_level}")
        ms_lines.append("    evidence:")
        ms_lines += [f"      - {q(s)}" for s in evidence]
        ms_lines.append("")
    out += _section("sanction_measures", ms_lines)
    new = [p for p in draft.proposals if p.links_to is None]
    variants = [p for p in draft.proposals if p.links_to is not None and p.aliases]
    if new:
        out.append("# Actors the registry does not hold: complete them, move them to annotations/actors/*.yaml and")
        out.append("# delete this section (the build refuses a source file holding it).")
        out.append("proposed_actors:")
        for p in new:
            out += [f"  - actor_id: {p.actor_id}", f"    name: {q(p.name)}"]
            if p.name_fr:
                out.append(f"    name_fr: {q(p.name_fr)}")
            out.append(f"    actor_type: {p.actor_type}" + ("  # TODO: choose from vocabulary actor_types"
                                                            if p.actor_type == TODO else ""))
            if p.country_iso3:
                out.append(f"    country_iso3: {p.country_iso3}")
            out.append(f"    aliases: [{', '.join(q(a) for a in p.aliases)}]")
        out.append("")
    if variants:
        out.append("# Spellings of registry actors this source prints that the registry lacks; add them as aliases:")
        for p in variants:
            out.append(f"#   {p.links_to}: {', '.join(p.aliases)}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _section(name: str, lines: list[str]) -> list[str]:
    """A top-level list of the draft: its records, or an explicit empty list followed by a blank line."""
    return [f"{name}:", *lines] if lines else [f"{name}: []", ""]
