"""Synthetic project roots for timing `datapkg build`: sources/ + manifest, annotations + actor registry.

`write_project(root, n_sources)` copies schema/ and docs/ from the repository and writes, per source, a French
article (an index date token, a photo caption, reporting sentences with « », both apostrophes and line breaks)
and its annotation file: events defined here or attested from another source, participants, statements with
quote, speaker and date words, sanction measures with conditions, and a not_reporting caption. Actors live in
a registry split over several files, with aliases matched by the build over every source. Every evidence
string occurs exactly once in its source, so the build succeeds.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import yaml

from .synth import FIRST, LAST, PLACES, slug

REPO = Path(__file__).resolve().parents[1]
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")
EVENTS_PER_SOURCE = 3  # defined in the source; each source also attests one event of an earlier source
STATEMENTS_PER_SOURCE = 8
ACTORS_PER_SOURCE = 1  # the cast grows slowly with the corpus
BASE_ACTORS = 60


def _dump(doc: object) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(doc, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


def _actors(n: int) -> list[dict]:
    out = []
    k = len(FIRST) * len(LAST)
    for i in range(n):
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        suffix = "" if i < k else f" {i // k + 1}"
        full = f"{first} {last}{suffix}"
        out.append({"actor_id": f"{slug(full)}-{i}", "name": slug(full).replace("-", " ").title(), "name_fr": full,
                    "actor_type": "person", "country_iso3": "RUS" if i % 2 else "USA",
                    "description": f"Synthetic actor {i}.", "aliases": [full]})
    return out


def _day_words(d: date) -> str:
    return f"le {d.day} {MONTHS_FR[d.month - 1]} {d.year}"


def write_project(root: Path, n_sources: int, seed: int = 0) -> dict[str, int]:
    """Write a project root with `n_sources` sources; returns counts of what was written."""
    rng = np.random.default_rng(seed)
    root.mkdir(parents=True, exist_ok=True)
    for name in ("schema", "docs"):
        if not (root / name).exists():
            shutil.copytree(REPO / name, root / name)
    (root / "sources").mkdir(exist_ok=True)
    (root / "annotations" / "actors").mkdir(parents=True, exist_ok=True)
    actors = _actors(BASE_ACTORS + ACTORS_PER_SOURCE * n_sources)
    per_file = 500
    for i in range(0, len(actors), per_file):
        (root / "annotations" / "actors" / f"registry-{i // per_file:03d}.yaml").write_text(
            _dump({"actors": actors[i:i + per_file]}), encoding="utf-8")
    manifest = []
    events_defined: list[str] = []
    counts = {"sources": n_sources, "actors": len(actors), "events": 0, "statements": 0, "measures": 0}
    for s in range(n_sources):
        sid = f"{s:05d}_{hashlib.sha256(str(s).encode()).hexdigest()[:16]}"
        day = date(2025, 1, 1) + timedelta(days=int(rng.integers(0, 300)))
        cast = [actors[int(a)] for a in rng.choice(len(actors), size=6, replace=False)]
        names = [a["name_fr"] for a in cast]
        caption = f"{names[0]} et {names[1]}, photographiés à {PLACES[s % len(PLACES)]} en 2017 (photo {s})."
        lines = [f" date {day.isoformat()} ", caption]
        doc: dict = {"source_id": sid, "not_reporting": [{"text": caption, "reason": "caption"}],
                     "events": [], "statements": [], "sanction_measures": []}
        for e in range(EVENTS_PER_SOURCE):
            eid = f"meeting-{slug(cast[e]['name_fr'])}-{s}-{e}"
            place = PLACES[(s + e) % len(PLACES)]
            d = day + timedelta(days=e)
            sentence = (f"{names[e]} a rencontré {names[e + 1]} à {place} {_day_words(d)}, "
                        f"pour des pourparlers qualifiés de « productifs » (réf. {s}-{e}).")
            follow = f"L’entretien, le {e + 1}e de la série n° {s}, n'a pas permis d’avancer vers un cessez-le-feu."
            lines += [sentence, follow]
            doc["events"].append({
                "event_id": eid, "event_type": "meeting", "status": "occurred",
                "title": f"{cast[e]['name']} meets {cast[e + 1]['name']} in {place}",
                "date": d.isoformat(), "date_basis": "stated", "date_text": _day_words(d),
                "location_name": place,
                "participants": [{"actor_id": cast[e]["actor_id"], "role": "host"},
                                 {"actor_id": cast[e + 1]["actor_id"], "role": "visitor"}],
                "evidence": [sentence, follow]})
            counts["events"] += 1
        if events_defined:
            other = events_defined[int(rng.integers(0, len(events_defined)))]
            sentence = f"Cette réunion avait déjà été rapportée par d’autres médias (rappel {s})."
            lines.append(sentence)
            doc["events"].append({"attest": other, "evidence": [sentence]})
        events_defined += [e["event_id"] for e in doc["events"] if "event_id" in e]
        for q in range(STATEMENTS_PER_SOURCE):
            speaker = cast[q % len(cast)]
            quote = f"Nous continuons à communiquer avec nos partenaires, c'est la déclaration n° {s}-{q}"
            speaker_text = f"le porte-parole, {speaker['name_fr']}"
            lines.append(f"« {quote} », a déclaré {speaker_text} {_day_words(day)}.\nUne autre phrase suit ici.")
            doc["statements"].append({
                "statement_id": f"statement-{s}-{q}", "speaker_actor_id": speaker["actor_id"],
                "speaker_text": speaker_text, "quote": quote, "quote_type": "direct",
                "date": day.isoformat(), "date_basis": "stated", "date_text": _day_words(day),
                "channel": "remarks_to_press",
                "event_id": doc["events"][q % EVENTS_PER_SOURCE]["event_id"]})
            counts["statements"] += 1
        condition = f"si aucun accord n’est trouvé d’ici vendredi (mesure {s})"
        sentence = f"Washington imposera des droits de douane de 25\u00a0% sur le pétrole russe {condition}, a prévenu {names[0]}."
        lines.append(sentence)
        doc["sanction_measures"].append({
            "measure_id": f"tariff-oil-{s}", "status": "threatened", "imposer_actor_id": cast[0]["actor_id"],
            "target_actor_id": cast[1]["actor_id"], "measure_type": "secondary_tariff", "sector": "oil",
            "rate_new_pct": 25, "condition_text": condition, "evidence_level": "official_statement",
            "evidence": [sentence]})
        counts["measures"] += 1
        text = "\n".join(lines) + "\n"
        data = text.encode("utf-8")
        (root / "sources" / f"{sid}.txt").write_bytes(data)
        (root / "annotations" / f"{sid}.yaml").write_text(_dump(doc), encoding="utf-8")
        manifest.append({"source_id": sid, "sha256": hashlib.sha256(data).hexdigest(), "language": "fr",
                         "genre": "article", "title": f"Rencontre à {PLACES[s % len(PLACES)]} ({s})",
                         "published": day.isoformat(), "published_basis": "metadata_hint"})
    (root / "sources" / "manifest.yaml").write_text(_dump({"sources": manifest}), encoding="utf-8")
    return counts
