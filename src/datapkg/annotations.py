"""Curated annotations → table rows, with every evidence span located and every date checked.

Reads annotations/actors/*.yaml (the actor registry) and annotations/<source_id>.yaml (one per source), resolves
each verbatim string to offsets in its source, and returns rows for the data tables together with the
file:line each row came from, so that later checks can point back at the annotation that caused a problem.
All problems are collected (not only the first), each as one line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .contract import Contract
from .dates import DateFormError, DateSpan, check_date_words, parse_date_form
from .errors import InputError
from .sources import DATE_HINT, Source
from .spans import Span, SpanError, locate_unique, locate_within
from .yamlio import LINE, load_yaml

SOURCE_FILE_KEYS = {"source_id", "not_reporting", "events", "statements", "sanction_measures"}
# Keys of a record that are not table columns: the build turns them into columns and mentions.
RECORD_EXTRAS = {
    "actors": {"aliases"},
    "events": {"date", "date_text", "evidence", "participants"},
    "statements": {"date", "date_text", "evidence", "quote"},
    "sanction_measures": {"date", "date_text", "evidence"},
}
# Columns the build derives: never written in annotations.
DERIVED = {
    "events": {"date_start", "date_end"},
    "statements": {"date_start", "date_end", "source_id", "quote_text", "char_start", "char_end"},
    "sanction_measures": {"date_start", "date_end"},
}
# A date read from words in the text must cite those words.
BASES_NEEDING_TEXT = {"stated", "relative"}


@dataclass
class Assembled:
    rows: dict[str, list[dict]] = field(default_factory=dict)
    # table -> primary-key tuple -> "file:line" of the annotation the row came from
    origins: dict[str, dict[tuple, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def add(self, table: str, row: dict, origin: str, pk: tuple[str, ...]) -> None:
        self.rows.setdefault(table, []).append(row)
        self.origins.setdefault(table, {}).setdefault(tuple(row.get(k) for k in pk), origin)


def mention_id(source_id: str, start: int, end: int, kind: str, target: str) -> str:
    digest = hashlib.sha256(f"{source_id}\x1f{start}\x1f{end}\x1f{kind}\x1f{target}".encode()).hexdigest()
    return "m-" + digest[:16]


class _Ctx:
    """What one annotation file needs while it is read: its source, exclusions and a problem sink."""

    def __init__(self, rel: str, source: Source, excluded: list[Span], out: Assembled):
        self.rel, self.source, self.excluded, self.out = rel, source, excluded, out

    def where(self, record: dict) -> str:
        return f"{self.rel}:{record.get(LINE, '?')}"

    def fail(self, record: dict, message: str) -> None:
        self.out.problems.append(f"{self.where(record)}: {message}")


def _text(value: Any) -> Any:
    """Collapse YAML folding artefacts in free-text fields; leave verbatim spans alone."""
    return " ".join(value.split()) if isinstance(value, str) else value


def _check_keys(ctx_or_where: Any, record: Any, allowed: set[str], what: str, problems: list[str]) -> bool:
    where = ctx_or_where if isinstance(ctx_or_where, str) else ctx_or_where.where(record)
    if not isinstance(record, dict):
        problems.append(f"{where}: each {what} must be a mapping of keys to values")
        return False
    unknown = sorted(set(record) - allowed - {LINE})
    if unknown:
        problems.append(f"{where}: unknown key(s) {unknown} in {what}; allowed: {sorted(allowed)}")
        return False
    return True


def load_registry(root: Path, contract: Contract, out: Assembled) -> None:
    actors = contract.tables["actors"]
    allowed = set(actors.field_names) | RECORD_EXTRAS["actors"]
    defined: dict[str, str] = {}
    alias_of: dict[str, str] = {}
    files = sorted((root / "annotations" / "actors").glob("*.yaml"))
    if not files:
        raise InputError("annotations/actors/: no actor registry file; add annotations/actors/<name>.yaml")
    for path in files:
        rel = str(path.relative_to(root))
        doc = load_yaml(path, rel)
        if not isinstance(doc, dict) or not isinstance(doc.get("actors"), list):
            out.problems.append(f"{rel}:1: expected a mapping with an `actors` list")
            continue
        for rec in doc["actors"]:
            where = f"{rel}:{rec.get(LINE, '?') if isinstance(rec, dict) else '?'}"
            if not _check_keys(where, rec, allowed, "actor", out.problems):
                continue
            aid = rec.get("actor_id")
            if aid in defined:
                out.problems.append(f"{where}: duplicate actor_id {aid!r} (first defined at {defined[aid]}); "
                                    f"keep one definition and merge the aliases")
                continue
            defined[aid] = where
            row = {f: _text(rec.get(f)) for f in actors.field_names}
            out.add("actors", row, where, actors.primary_key)
            for alias in rec.get("aliases") or []:
                language = "fr"
                if isinstance(alias, dict):
                    alias, language = alias.get("alias"), alias.get("language", "fr")
                if not isinstance(alias, str) or not alias.strip():
                    out.problems.append(f"{where}: alias {alias!r} of {aid!r} must be a non-empty string")
                    continue
                if alias in alias_of:
                    out.problems.append(f"{where}: alias {alias!r} of {aid!r} already names {alias_of[alias]!r}; "
                                        f"an alias must name one actor only")
                    continue
                alias_of[alias] = aid
                out.add("actor_aliases", {"alias": alias, "actor_id": aid, "language": language}, where, ("alias",))


def _resolve_date(ctx: _Ctx, rec: dict, anchors: list[Span], target: dict[str, str]) -> dict[str, Any]:
    """The date columns of a record, a date mention when date_text is given, and the checks on both."""
    cols = {"date_start": None, "date_end": None, "date_precision": None, "date_basis": None}
    value, basis, words = rec.get("date"), rec.get("date_basis"), rec.get("date_text")
    if value is None:
        for key in ("date_basis", "date_precision", "date_text"):
            if rec.get(key) is not None:
                ctx.fail(rec, f"{key} is given but date is not; give the date or drop {key}")
        return cols
    try:
        span: DateSpan = parse_date_form(value, rec.get("date_precision"))
    except DateFormError as exc:
        ctx.fail(rec, f"{exc}")
        return cols
    if basis is None:
        ctx.fail(rec, "date needs date_basis (stated, relative, metadata_hint or inferred)")
    elif basis in BASES_NEEDING_TEXT and not words:
        ctx.fail(rec, f"date_basis {basis!r} needs date_text: the words of the source the date is read from")
    cols.update(date_start=span.start, date_end=span.end, date_precision=span.precision, date_basis=basis)
    if words and _sub_mention(ctx, rec, "date_text", anchors, "date", target):
        problem = check_date_words(words, span)
        if problem:
            ctx.fail(rec, problem)
    return cols


def _sub_mention(ctx: _Ctx, rec: dict, key: str, anchors: list[Span], kind: str, target: dict[str, str]) -> bool:
    """Locate the words under `key` near the record's evidence and record them as a mention of `kind`."""
    if not isinstance(rec[key], str):
        ctx.fail(rec, f"{key} must be the verbatim words of the source, as a string (quote it)")
        return False
    try:
        span = locate_within(ctx.source.text, rec[key], anchors, ctx.excluded, key)
    except SpanError as exc:
        ctx.fail(rec, str(exc))
        return False
    _mention(ctx, span, kind, target, rec)
    return True


def _mention(ctx: _Ctx, span: Span, kind: str, target: dict[str, str], rec: dict) -> None:
    row = {"mention_id": None, "source_id": ctx.source.source_id, "char_start": span.start, "char_end": span.end,
           "text": ctx.source.text[span.start:span.end], "kind": kind, "event_id": None, "statement_id": None,
           "measure_id": None, "measure_status": None, "actor_id": None}
    row.update(target)
    key = "\x1e".join(f"{k}={v}" for k, v in sorted(target.items()))
    row["mention_id"] = mention_id(ctx.source.source_id, span.start, span.end, kind, key)
    if any(r["mention_id"] == row["mention_id"] for r in ctx.out.rows.get("mentions", [])[-64:]):
        return  # the same span cited twice for the same record
    ctx.out.add("mentions", row, ctx.where(rec), ("mention_id",))


def _evidence(ctx: _Ctx, rec: dict, target: dict[str, str], required: bool) -> list[Span]:
    raw = rec.get("evidence")
    if raw is None:
        if required:
            ctx.fail(rec, "no evidence; cite at least one verbatim passage of the source")
        return []
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not items:
        ctx.fail(rec, "evidence must be a string or a non-empty list of strings")
        return []
    spans = []
    for item in items:
        if not isinstance(item, str):
            ctx.fail(rec, f"evidence item {item!r} is not a string")
            continue
        try:
            span = locate_unique(ctx.source.text, item, ctx.excluded, "evidence")
        except SpanError as exc:
            ctx.fail(rec, str(exc))
            continue
        spans.append(span)
        _mention(ctx, span, "evidence", target, rec)
    return spans


def _columns(rec: dict, names: list[str], skip: set[str]) -> dict[str, Any]:
    return {n: _text(rec.get(n)) for n in names if n not in skip}


def _read_events(ctx: _Ctx, contract: Contract, records: list, defined: dict[str, str]) -> None:
    table = contract.tables["events"]
    parts = contract.tables["event_participants"]
    allowed = (set(table.field_names) - DERIVED["events"]) | RECORD_EXTRAS["events"]
    for rec in records:
        if isinstance(rec, dict) and "attest" in rec:
            if _check_keys(ctx, rec, {"attest", "evidence"}, "event attestation", ctx.out.problems):
                eid = rec["attest"]
                if eid not in defined:
                    ctx.fail(rec, f"attest names unknown event {eid!r}; define it in one source file first")
                _evidence(ctx, rec, {"event_id": eid}, required=True)
            continue
        if not _check_keys(ctx, rec, allowed, "event", ctx.out.problems):
            continue
        eid = rec.get("event_id")
        if eid in defined and defined[eid] != ctx.where(rec):
            ctx.fail(rec, f"duplicate event_id {eid!r} (defined at {defined[eid]}); "
                          f"the same event reported again is an `attest:` record")
            continue
        target = {"event_id": eid}
        anchors = _evidence(ctx, rec, target, required=True)
        row = _columns(rec, table.field_names, DERIVED["events"])
        row.update(_resolve_date(ctx, rec, anchors, target))
        ctx.out.add("events", {n: row.get(n) for n in table.field_names}, ctx.where(rec), table.primary_key)
        plist = rec.get("participants") or []
        if not isinstance(plist, list):
            ctx.fail(rec, "participants must be a list")
            plist = []
        for p in plist:
            if not _check_keys(ctx, p, set(parts.field_names) - {"event_id"}, "participant", ctx.out.problems):
                continue
            prow = {n: p.get(n) for n in parts.field_names}
            prow["event_id"] = eid
            ctx.out.add("event_participants", prow, ctx.where(p), parts.primary_key)


def _read_statements(ctx: _Ctx, contract: Contract, records: list) -> None:
    table = contract.tables["statements"]
    allowed = (set(table.field_names) - DERIVED["statements"]) | RECORD_EXTRAS["statements"]
    for rec in records:
        if not _check_keys(ctx, rec, allowed, "statement", ctx.out.problems):
            continue
        target = {"statement_id": rec.get("statement_id")}
        anchors = _evidence(ctx, rec, target, required=False)
        quote = rec.get("quote")
        qspan = None
        if not isinstance(quote, str) or not quote.strip():
            ctx.fail(rec, "statement needs quote: the quoted or reported words, verbatim")
        else:
            try:
                qspan = (locate_within(ctx.source.text, quote, anchors, ctx.excluded, "quote") if anchors
                         else locate_unique(ctx.source.text, quote, ctx.excluded, "quote"))
            except SpanError as exc:
                ctx.fail(rec, str(exc))
        if qspan is not None:
            _mention(ctx, qspan, "quote", target, rec)
        near = anchors or ([qspan] if qspan else [])
        if rec.get("speaker_text"):
            _sub_mention(ctx, rec, "speaker_text", near, "speaker", target)
        row = _columns(rec, table.field_names, DERIVED["statements"])
        row.update(_resolve_date(ctx, rec, near, target))
        row.update(source_id=ctx.source.source_id, quote_text=quote if qspan else None,
                   char_start=qspan.start if qspan else None, char_end=qspan.end if qspan else None)
        ctx.out.add("statements", {n: row.get(n) for n in table.field_names}, ctx.where(rec), table.primary_key)


def _read_measures(ctx: _Ctx, contract: Contract, records: list, defined: set[tuple]) -> None:
    table = contract.tables["sanction_measures"]
    allowed = (set(table.field_names) - DERIVED["sanction_measures"]) | RECORD_EXTRAS["sanction_measures"]
    for rec in records:
        if isinstance(rec, dict) and "attest" in rec:
            if _check_keys(ctx, rec, {"attest", "status", "evidence"}, "measure attestation", ctx.out.problems):
                key = (rec["attest"], rec.get("status"))
                if key not in defined:
                    ctx.fail(rec, f"attest names unknown measure status {key[0]!r}/{key[1]!r}; "
                                  f"define it in one source file first")
                _evidence(ctx, rec, {"measure_id": key[0], "measure_status": key[1]}, required=True)
            continue
        if not _check_keys(ctx, rec, allowed, "sanction measure", ctx.out.problems):
            continue
        target = {"measure_id": rec.get("measure_id"), "measure_status": rec.get("status")}
        anchors = _evidence(ctx, rec, target, required=True)
        row = _columns(rec, table.field_names, DERIVED["sanction_measures"])
        condition = rec.get("condition_text")
        if condition:
            _sub_mention(ctx, rec, "condition_text", anchors, "condition", target)
            row["condition_text"] = condition
        deadline = rec.get("deadline_date")
        if deadline is not None:
            try:
                row["deadline_date"] = parse_date_form(deadline, "day").start
            except DateFormError as exc:
                ctx.fail(rec, f"deadline_date: {exc}")
                row["deadline_date"] = None
        row.update(_resolve_date(ctx, rec, anchors, target))
        ctx.out.add("sanction_measures", {n: row.get(n) for n in table.field_names}, ctx.where(rec),
                    table.primary_key)


def _exclusions(ctx: _Ctx, records: list) -> None:
    hint = DATE_HINT.match(ctx.source.text)
    if hint:
        ctx.excluded.append(Span(0, hint.end()))
        ctx.out.add("source_exclusions", {"source_id": ctx.source.source_id, "char_start": 0, "char_end": hint.end(),
                                          "reason": "metadata", "text": ctx.source.text[:hint.end()]},
                    ctx.rel, ("source_id", "char_start"))
    for rec in records:
        if not _check_keys(ctx, rec, {"text", "reason"}, "not_reporting entry", ctx.out.problems):
            continue
        try:
            span = locate_unique(ctx.source.text, rec.get("text") or "", ctx.excluded, "not_reporting text")
        except SpanError as exc:
            ctx.fail(rec, str(exc))
            continue
        ctx.excluded.append(span)
        ctx.out.add("source_exclusions", {"source_id": ctx.source.source_id, "char_start": span.start,
                                          "char_end": span.end, "reason": rec.get("reason"),
                                          "text": ctx.source.text[span.start:span.end]},
                    ctx.where(rec), ("source_id", "char_start"))


def assemble(root: Path, contract: Contract, sources: list[Source]) -> Assembled:
    out = Assembled()
    for s in sources:
        out.add("sources", s.row, f"sources/manifest.yaml:{s.manifest_line}", ("source_id",))
    load_registry(root, contract, out)
    by_id = {s.source_id: s for s in sources}
    docs: list[tuple[str, dict, Source]] = []
    for path in sorted((root / "annotations").glob("*.yaml")):
        rel = str(path.relative_to(root))
        doc = load_yaml(path, rel)
        if not isinstance(doc, dict):
            out.problems.append(f"{rel}:1: expected a mapping with source_id and record lists")
            continue
        if not _check_keys(f"{rel}:1", doc, SOURCE_FILE_KEYS, "annotation file", out.problems):
            continue
        sid = doc.get("source_id")
        if sid != path.stem:
            out.problems.append(f"{rel}:1: source_id {sid!r} does not match the file name; name the file <source_id>.yaml")
            continue
        if sid not in by_id:
            out.problems.append(f"{rel}:1: source {sid!r} is not in sources/manifest.yaml; add the source first")
            continue
        for key in ("not_reporting", "events", "statements", "sanction_measures"):
            if not isinstance(doc.get(key) or [], list):
                out.problems.append(f"{rel}:1: `{key}` must be a list")
                doc[key] = []
        docs.append((rel, doc, by_id[sid]))
    # Events may be attested in a file read before the one defining them: collect definitions first.
    defined: dict[str, str] = {}
    for rel, doc, _ in docs:
        for rec in doc.get("events") or []:
            if isinstance(rec, dict) and "event_id" in rec and rec["event_id"] not in defined:
                defined[rec["event_id"]] = f"{rel}:{rec.get(LINE, '?')}"
    measures = {(rec.get("measure_id"), rec.get("status")) for _, doc, _ in docs
                for rec in doc.get("sanction_measures") or [] if isinstance(rec, dict) and "measure_id" in rec}
    contexts = {}
    for rel, doc, source in docs:
        ctx = _Ctx(rel, source, [], out)
        contexts[source.source_id] = ctx
        _exclusions(ctx, doc.get("not_reporting") or [])
        _read_events(ctx, contract, doc.get("events") or [], defined)
        _read_statements(ctx, contract, doc.get("statements") or [])
        _read_measures(ctx, contract, doc.get("sanction_measures") or [], measures)
    matcher = AliasMatcher(out.rows.get("actor_aliases", []))
    for source in sources:
        excluded = contexts[source.source_id].excluded if source.source_id in contexts else []
        if source.source_id not in contexts:
            hint = DATE_HINT.match(source.text)
            excluded = [Span(0, hint.end())] if hint else []
        _actor_mentions(source, out, excluded, matcher)
    return out


class AliasMatcher:
    """Finds aliases in a text: longest alias first, whole words, case-sensitive. The aliases are compiled once
    into a regular expression shaped like a trie (shared prefixes written once, longer continuations tried
    before a shorter alias ends), so matching costs about the same with 50 aliases or 50,000. At any offset the
    aliases that match are prefixes of one another; the trie prefers the longest one followed by a non-word
    character, exactly as an alternation sorted longest first would."""

    def __init__(self, aliases: list[dict]):
        self.actor_of = {a["alias"]: a["actor_id"] for a in aliases}
        trie: dict = {}
        for alias in self.actor_of:
            node = trie
            for ch in alias:
                node = node.setdefault(ch, {})
            node[""] = {}
        self.pattern = re.compile(r"(?<!\w)(" + self._render(trie) + r")(?!\w)") if self.actor_of else None

    @classmethod
    def _render(cls, node: dict) -> str:
        branches = [re.escape(ch) + cls._render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # an alias ends here: try the longer ones first, then stop
            return f"(?:{body})?"
        return body

    def finditer(self, text: str):
        return self.pattern.finditer(text) if self.pattern else iter(())


def _actor_mentions(source: Source, out: Assembled, excluded: list[Span], matcher: AliasMatcher) -> None:
    """Actor mentions from the alias table: longest alias first, whole words, outside excluded spans."""
    for m in matcher.finditer(source.text):
        span = Span(m.start(), m.end())
        if any(span.start < r.end and r.start < span.end for r in excluded):
            continue
        aid = matcher.actor_of[m[1]]
        row = {"mention_id": mention_id(source.source_id, span.start, span.end, "actor", f"actor_id={aid}"),
               "source_id": source.source_id, "char_start": span.start, "char_end": span.end, "text": m[1],
               "kind": "actor", "event_id": None, "statement_id": None, "measure_id": None,
               "measure_status": None, "actor_id": aid}
        out.add("mentions", row, f"sources/{source.source_id}.txt", ("mention_id",))
