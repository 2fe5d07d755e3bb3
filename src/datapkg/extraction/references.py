"""Every place a source refers to an actor: registry aliases (and proposed ones), role titles, anonymous
sources, collective authorities and capitals used for their state. Overlaps keep the longest reference, and
a title in apposition to a name ("le porte-parole du Kremlin, Dmitri Peskov") becomes one reference."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .countries import CAPITALS
from .entities import Proposal
from .registry import Registry
from .titles import ANONYMOUS, COLLECTIVE, FORMER, TITLES, Description


@dataclass(frozen=True)
class Ref:
    start: int
    end: int
    actor_id: str | None  # None: a title or description the registry cannot resolve
    kind: str             # person | title | anonymous | collective | state | org | capital
    gender: str | None = None  # "m", "f" or None (unknown)
    plural: bool = False

    @property
    def individual(self) -> bool:
        """A speaker-like reference: a person (by name or title) or an anonymous source."""
        return self.kind in ("person", "title", "anonymous")


def _resolve(d: Description, registry: Registry) -> str | None:
    if d.role:
        found = registry.find(role=d.role)
    else:
        found = registry.find(actor_type=d.actor_type, country=d.country, description=d.description)
        if not found and d.description:
            found = registry.find(actor_type=d.actor_type, country=d.country)
    return found[0].actor_id if len(found) >= 1 else None


def _article_gender(text: str, start: int) -> str | None:
    before = text[max(0, start - 4):start]
    if re.search(r"(?<!\w)[Ll]a\s$", before):
        return "f"
    if re.search(r"(?<!\w)(?:[Ll]e|[Dd]u|[Aa]u)\s$", before):
        return "m"
    return None


def find_refs(text: str, registry: Registry, proposals: list[Proposal],
              excluded: list[tuple[int, int]] = ()) -> list[Ref]:
    """All references in text order, non-overlapping, outside the excluded spans."""
    table = registry.alias_table()
    kinds = {a.actor_id: a.actor_type for a in registry.actors.values()}
    for p in proposals:
        for al in p.aliases:
            table.setdefault(al, p.links_to or p.actor_id)
        kinds.setdefault(p.actor_id, p.actor_type)
    cands: list[Ref] = []
    if table:
        ordered = sorted(table, key=lambda a: (-len(a), a))
        for m in re.finditer(r"(?<!\w)(" + "|".join(re.escape(a) for a in ordered) + r")(?!\w)", text):
            aid = table[m[1]]
            t = kinds.get(aid, "")
            kind = "person" if t == "person" else "state" if t == "state" else "anonymous" if t == "anonymous" else "org"
            cands.append(Ref(m.start(), m.end(), aid, kind, _article_gender(text, m.start())))
    for d in TITLES:
        for m in d.pattern.finditer(text):
            if FORMER.search(text[max(0, m.start() - 12):m.start() + 8].split("président")[0]):
                continue
            g = "f" if re.match(r"[Ll]a\s", m[0]) else "m"
            cands.append(Ref(m.start(), m.end(), _resolve(d, registry), "title", g))
    for d in ANONYMOUS + COLLECTIVE:
        for m in d.pattern.finditer(text):
            cands.append(Ref(m.start(), m.end(), _resolve(d, registry), d.kind, None, d.plural))
    for cap, iso in CAPITALS.items():
        states = registry.find(actor_type="state", country=iso)
        for m in re.finditer(r"(?<!\w)" + re.escape(cap) + r"(?!\w)", text):
            cands.append(Ref(m.start(), m.end(), states[0].actor_id if states else None, "capital"))
    cands = [c for c in cands if not any(c.start < b and a < c.end for a, b in excluded)]
    # Longest first; drop what overlaps a kept reference.
    kept: list[Ref] = []
    for c in sorted(cands, key=lambda r: (-(r.end - r.start), r.start)):
        if not any(c.start < k.end and k.start < c.end for k in kept):
            kept.append(c)
    kept.sort(key=lambda r: r.start)
    return _appositions(text, kept)


def _appositions(text: str, refs: list[Ref]) -> list[Ref]:
    """Merge "TITLE, NAME" / "TITLE NAME" / "NAME, TITLE" into one reference to the named person."""
    out: list[Ref] = []
    i = 0
    while i < len(refs):
        r = refs[i]
        if i + 1 < len(refs):
            n = refs[i + 1]
            gap = text[r.end:n.start]
            pair = {r.kind, n.kind}
            person = r if r.kind == "person" else n
            title = n if person is r else r
            if pair == {"title", "person"} and re.fullmatch(r",?\s?", gap) and title.actor_id in (None, person.actor_id):
                out.append(Ref(r.start, n.end, person.actor_id, "person", title.gender, False))
                i += 2
                continue
        out.append(r)
        i += 1
    return out
