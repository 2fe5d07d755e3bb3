"""The actor registry as the extractor sees it: actors, their aliases, and alias matching over a text.

Alias matching follows the build's rule (longest alias first, whole words, case-sensitive), so the actor
mentions a draft implies are the ones the build will produce once the draft is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError
from ..yamlio import load_yaml, strip_lines


@dataclass(frozen=True)
class Actor:
    actor_id: str
    name: str
    actor_type: str
    aliases: tuple[str, ...] = ()
    name_fr: str | None = None
    country_iso3: str | None = None
    role_title: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Registry:
    actors: dict[str, Actor]

    def alias_table(self) -> dict[str, str]:
        return {alias: a.actor_id for a in self.actors.values() for alias in a.aliases}

    def get(self, actor_id: str | None) -> Actor | None:
        return self.actors.get(actor_id) if actor_id else None

    def find(self, actor_type: str | None = None, country: str | None = None, role: str | None = None,
             description: str | None = None) -> list[Actor]:
        """Actors matching all the given criteria (role and description are case-insensitive regexes)."""
        out = []
        for a in self.actors.values():
            if actor_type and a.actor_type != actor_type:
                continue
            if country is not None and (a.country_iso3 or "") != country:
                continue
            if role and not re.search(role, a.role_title or "", re.I):
                continue
            if description and not re.search(description, a.description or "", re.I):
                continue
            out.append(a)
        return sorted(out, key=lambda a: a.actor_id)


def load_registry(root: Path) -> Registry:
    """Every actor of annotations/actors/*.yaml (aliases given as strings or {alias:, language:})."""
    files = sorted((root / "annotations" / "actors").glob("*.yaml"))
    if not files:
        raise InputError(f"{root / 'annotations' / 'actors'}: no actor registry file; add annotations/actors/<name>.yaml")
    actors: dict[str, Actor] = {}
    for path in files:
        doc = strip_lines(load_yaml(path))
        if not isinstance(doc, dict) or not isinstance(doc.get("actors"), list):
            raise InputError(f"{path}:1: expected a mapping with an `actors` list")
        for rec in doc["actors"]:
            if not isinstance(rec, dict) or not rec.get("actor_id"):
                continue
            aliases = []
            for al in rec.get("aliases") or []:
                al = al.get("alias") if isinstance(al, dict) else al
                if isinstance(al, str) and al.strip():
                    aliases.append(al)
            actors.setdefault(rec["actor_id"], Actor(
                rec["actor_id"], str(rec.get("name") or rec["actor_id"]), str(rec.get("actor_type") or ""),
                tuple(aliases), rec.get("name_fr"), rec.get("country_iso3"), rec.get("role_title"),
                " ".join(str(rec.get("description") or "").split()) or None))
    return Registry(actors)


def alias_pattern(aliases: list[str]) -> re.Pattern | None:
    if not aliases:
        return None
    ordered = sorted(set(aliases), key=lambda a: (-len(a), a))
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(a) for a in ordered) + r")(?!\w)")


def match_aliases(text: str, table: dict[str, str], excluded: list[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:
    """(start, end, actor_id) for every alias occurrence outside the excluded spans, in text order."""
    pattern = alias_pattern(list(table))
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(text):
        if any(m.start() < b and a < m.end() for a, b in excluded):
            continue
        out.append((m.start(), m.end(), table[m[1]]))
    return out


def attested_in(registry: Registry, texts: list[str], referenced: set[str]) -> Registry:
    """The registry restricted to what `texts` attest: aliases occurring in one of them, actors keeping at
    least one such alias, and alias-less actors that the curated records of those texts reference."""
    kept: dict[str, Actor] = {}
    for a in registry.actors.values():
        aliases = tuple(al for al in a.aliases
                        if any(re.search(r"(?<!\w)" + re.escape(al) + r"(?!\w)", t) for t in texts))
        if aliases or (not a.aliases and a.actor_id in referenced):
            kept[a.actor_id] = replace(a, aliases=aliases)
    return Registry(kept)
