"""`datapkg evaluate`: machine drafts against the curated annotations, leave-one-source-out.

For each source, the extractor sees a registry restricted to what the OTHER sources attest (aliases printed in
their texts; alias-less actors their curated records reference), drafts the source, and its records are
compared with the curated ones as the build assembles them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..annotations import assemble
from ..contract import load_contract
from ..sources import load_sources
from ..yamlio import load_yaml, strip_lines
from .entities import slug
from .pipeline import Draft, extract
from .registry import Registry, attested_in, load_registry

ROWS = ("statements", "statement spans", "actor links", "dates", "dates read from text", "events", "event dates", "event participants",
        "measures", "measure status")


@dataclass
class Score:
    tp_p: int = 0  # predictions that match
    n_pred: int = 0
    tp_r: int = 0  # gold records matched
    n_gold: int = 0

    def add(self, other: "Score") -> None:
        self.tp_p += other.tp_p
        self.n_pred += other.n_pred
        self.tp_r += other.tp_r
        self.n_gold += other.n_gold

    @property
    def precision(self) -> float | None:
        return self.tp_p / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> float | None:
        return self.tp_r / self.n_gold if self.n_gold else None

    def as_dict(self) -> dict:
        p, r = self.precision, self.recall
        return {"precision": round(p, 4) if p is not None else None, "recall": round(r, 4) if r is not None else None,
                "matched_predictions": self.tp_p, "predictions": self.n_pred, "matched_gold": self.tp_r,
                "gold": self.n_gold}


@dataclass
class Evaluation:
    nlp: bool
    per_source: dict[str, dict[str, Score]] = field(default_factory=dict)

    def total(self) -> dict[str, Score]:
        out = {k: Score() for k in ROWS}
        for scores in self.per_source.values():
            for k, v in scores.items():
                out[k].add(v)
        return out

    def as_dict(self) -> dict:
        return {"mode": "spacy fr_core_news_md" if self.nlp else "alias-only (spaCy not installed)",
                "protocol": "leave-one-source-out",
                "total": {k: v.as_dict() for k, v in self.total().items()},
                "per_source": {s: {k: v.as_dict() for k, v in sc.items()} for s, sc in self.per_source.items()}}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / max(a[1] - a[0], b[1] - b[0], 1)


def _touch(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) - max(a[0], b[0]) > 0


def _referenced(doc) -> set[str]:
    out: set[str] = set()
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k.endswith("actor_id") and isinstance(v, str):
                out.add(v)
            else:
                out |= _referenced(v)
    elif isinstance(doc, list):
        for v in doc:
            out |= _referenced(v)
    return out


def _equivalence(draft: Draft, full: Registry) -> dict[str, str]:
    """Draft actor ids (proposals) -> curated actor ids, by shared alias, slug or state code."""
    eq: dict[str, str] = {}
    for p in draft.proposals:
        if p.links_to:
            eq[p.actor_id] = p.links_to
            continue
        for a in full.actors.values():
            if set(p.aliases) & set(a.aliases) or p.actor_id == a.actor_id or slug(a.name) == p.actor_id or (
                    p.country_iso3 and a.actor_type == "state" and a.country_iso3 == p.country_iso3):
                eq[p.actor_id] = a.actor_id
                break
    return eq


def _match(evidence, kind, gold_spans: dict, kind_of, matched: set):
    """Match one predicted record to a gold record of the same kind whose evidence overlaps its own.
    Returns (1 if any gold record matches else 0, the newly matched gold key or None); `matched` grows."""
    hits = [k for k, spans in gold_spans.items() if kind_of(k) == kind
            and any(_touch(x, y) for x in evidence for y in spans)]
    if not hits:
        return 0, None
    key = next((h for h in hits if h not in matched), None)
    if key is not None:
        matched.add(key)
    return 1, key


def _same_date(pred, gold_start, gold_end) -> bool:
    if pred is None:
        return gold_start is None
    return gold_start is not None and (pred.start, pred.end) == (gold_start, gold_end)


def evaluate(root: Path, nlp=None) -> Evaluation:
    contract = load_contract(root / "schema")
    sources = load_sources(root)
    asm = assemble(root, contract, sources)
    full = load_registry(root)
    docs = {}
    for path in sorted((root / "annotations").glob("*.yaml")):
        docs[path.stem] = strip_lines(load_yaml(path))
    rows = asm.rows
    events = {e["event_id"]: e for e in rows.get("events", [])}
    parts: dict[str, set[str]] = {}
    for p in rows.get("event_participants", []):
        parts.setdefault(p["event_id"], set()).add(p["actor_id"])
    measures = {(m["measure_id"], m["status"]): m for m in rows.get("sanction_measures", [])}
    result = Evaluation(nlp is not None)
    for source in sources:
        sid = source.source_id
        if sid not in docs:
            continue
        others = [s for s in sources if s.source_id != sid]
        referenced = set().union(*(_referenced(docs[s.source_id]) for s in others if s.source_id in docs))
        registry = attested_in(full, [s.text for s in others], referenced)
        draft = extract(source, registry, nlp)
        eq = _equivalence(draft, full)

        def gid(a):
            return eq.get(a, a)

        sc = {k: Score() for k in ROWS}
        # statements
        gold_st = [s for s in rows.get("statements", []) if s["source_id"] == sid]
        pairs = []
        used: set[int] = set()
        used_span: set[int] = set()
        for p in draft.statements:
            speaker = gid(p.speaker.actor_id) if p.speaker and p.speaker.actor_id else None
            best = None
            best_span = None
            for i, g in enumerate(gold_st):
                o = _overlap(p.quote, (g["char_start"], g["char_end"]))
                if o < 0.5:
                    continue
                if i not in used and g["speaker_actor_id"] == speaker and (best is None or o > best[1]):
                    best = (i, o)
                if i not in used_span and (best_span is None or o > best_span[1]):
                    best_span = (i, o)
            if best is not None:
                used.add(best[0])
                pairs.append((p.date, gold_st[best[0]]))
            if best_span is not None:
                used_span.add(best_span[0])
        sc["statements"] = Score(len(used), len(draft.statements), len(used), len(gold_st))
        sc["statement spans"] = Score(len(used_span), len(draft.statements), len(used_span), len(gold_st))
        # actor links
        gold_m = {(m["char_start"], m["char_end"], m["actor_id"]) for m in rows.get("mentions", [])
                  if m["source_id"] == sid and m["kind"] == "actor"}
        pred_m = {(a, b, gid(x)) for a, b, x in draft.actor_mentions}
        hit = len(gold_m & pred_m)
        sc["actor links"] = Score(hit, len(pred_m), hit, len(gold_m))
        # events
        ev_spans: dict[str, list[tuple[int, int]]] = {}
        ms_spans: dict[tuple, list[tuple[int, int]]] = {}
        for m in rows.get("mentions", []):
            if m["source_id"] != sid or m["kind"] != "evidence":
                continue
            if m.get("event_id"):
                ev_spans.setdefault(m["event_id"], []).append((m["char_start"], m["char_end"]))
            if m.get("measure_id"):
                ms_spans.setdefault((m["measure_id"], m["measure_status"]), []).append((m["char_start"], m["char_end"]))
        date_pairs = list(pairs)
        matched_gold: set[str] = set()
        matched_pred = 0
        for e in draft.events:
            hit, eid = _match(e.evidence, e.event_type, ev_spans, lambda k: events[k]["event_type"], matched_gold)
            matched_pred += hit
            if eid is not None:
                g = events[eid]
                sc["event dates"].add(Score(int(_same_date(e.date, g["date_start"], g["date_end"])) if e.date else 0,
                                            int(e.date is not None),
                                            int(g["date_start"] is not None and _same_date(e.date, g["date_start"], g["date_end"])),
                                            int(g["date_start"] is not None)))
                gp = parts.get(eid, set())
                pp = {gid(a) for a, _ in e.participants}
                sc["event participants"].add(Score(len(pp & gp), len(pp), len(gp & pp), len(gp)))
                date_pairs.append((e.date, g))
        sc["events"] = Score(matched_pred, len(draft.events), len(matched_gold), len(ev_spans))
        matched_ms: set[tuple] = set()
        matched_mp = 0
        status_ok = 0
        for mdr in draft.measures:
            hit, k = _match(mdr.evidence, mdr.measure_type, ms_spans, lambda k: measures[k]["measure_type"], matched_ms)
            matched_mp += hit
            if k is not None:
                status_ok += int(k[1] == mdr.status)
                date_pairs.append((mdr.date, measures[k]))
        sc["measures"] = Score(matched_mp, len(draft.measures), len(matched_ms), len(ms_spans))
        sc["measure status"] = Score(status_ok, len(matched_ms), status_ok, len(matched_ms))
        # dates of matched records (statements, events, measures)
        # "dates read from text": only gold dates the passage itself gives (basis stated or relative), the ones an
        # extractor reading one article can reach; inferred dates rest on other sources or on page order.
        d, d_text = Score(), Score()
        for pred, g in date_pairs:
            ok = pred is not None and _same_date(pred, g["date_start"], g["date_end"])
            score = Score(int(ok), int(pred is not None), int(ok and g["date_start"] is not None),
                          int(g["date_start"] is not None))
            d.add(score)
            if g.get("date_basis") in ("stated", "relative"):
                d_text.add(score)
        sc["dates"] = d
        sc["dates read from text"] = d_text
        result.per_source[sid] = sc
    return result


def render_table(ev: Evaluation) -> str:
    def pct(x):
        return "   —  " if x is None else f"{100 * x:5.1f}%"

    lines = [f"datapkg evaluate — leave-one-source-out, {ev.as_dict()['mode']}", "",
             f"{'record type':<20} {'precision':>10} {'recall':>10}   {'pred':>5} {'gold':>5}"]
    for k, s in ev.total().items():
        lines.append(f"{k:<20} {pct(s.precision):>10} {pct(s.recall):>10}   {s.n_pred:>5} {s.n_gold:>5}")
    lines.append("")
    lines.append("per source (precision / recall):")
    keys = ("statements", "actor links", "dates", "events", "measures")
    lines.append(f"{'source':<22}" + "".join(f"{k:>20}" for k in keys))
    for sid, sc in ev.per_source.items():
        lines.append(f"{sid:<22}" + "".join(f"{pct(sc[k].precision).strip():>10}/{pct(sc[k].recall).strip():<9}" for k in keys))
    return "\n".join(lines)
