"""One source in, one draft out: segmentation, exclusions, actors, statements, events and measures."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..sources import Source
from .boilerplate import not_reporting
from .context import SourceContext
from .date_expressions import year_hint
from .entities import Proposal, propose
from .references import find_refs
from .registry import Registry, match_aliases
from .statements import StatementDraft, extract_statements
from .text import blocks, is_live_blog
from .triggers import EventDraft, MeasureDraft, extract_events, extract_measures


@dataclass
class Draft:
    source_id: str
    text: str
    not_reporting: list[tuple[int, int, str]]
    proposals: list[Proposal]
    actor_mentions: list[tuple[int, int, str]]
    statements: list[StatementDraft]
    events: list[EventDraft] = field(default_factory=list)
    measures: list[MeasureDraft] = field(default_factory=list)
    context: SourceContext | None = None


def build_context(source: Source, registry: Registry, nlp=None) -> tuple[SourceContext, list[tuple[int, int, str]]]:
    text = source.text
    live = source.row.get("genre") == "live_blog" or is_live_blog(text)
    blks = blocks(text, live)
    excluded_marks = not_reporting(text, blks, source.row.get("genre") == "tag_archive")
    excluded = [(a, b) for a, b, _ in excluded_marks]
    proposals = propose(text, excluded, registry, nlp)
    refs = find_refs(text, registry, proposals, excluded)
    entry_dates = {}
    for e in source.entries():
        entry_dates[e.start] = e.stamp.date()
    published = source.row.get("published_date") if source.row.get("published_precision") == "day" else None
    kinds = {a.actor_id: a.actor_type for a in registry.actors.values()}
    for p in proposals:
        kinds.setdefault(p.actor_id, p.actor_type)
    ctx = SourceContext(source.source_id, text, blks, excluded, refs, registry, proposals, entry_dates, published,
                        year_hint(text), live, kinds)
    return ctx, excluded_marks


def extract(source: Source, registry: Registry, nlp=None) -> Draft:
    ctx, marks = build_context(source, registry, nlp)
    table = registry.alias_table()
    for p in ctx.proposals:
        for al in p.aliases:
            table.setdefault(al, p.links_to or p.actor_id)
    mentions = match_aliases(ctx.text, table, ctx.excluded)
    statements = extract_statements(ctx)
    events = extract_events(ctx)
    measures = extract_measures(ctx)
    return Draft(source.source_id, ctx.text, marks, ctx.proposals, mentions, statements, events, measures, ctx)
