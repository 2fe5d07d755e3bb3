"""What every extraction step reads about one source: its text cut into blocks, its references to actors,
what is not reporting, and how to date a passage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .entities import Proposal
from .references import Ref
from .registry import Registry
from .text import Block


@dataclass
class SourceContext:
    source_id: str
    text: str
    blocks: list[Block]
    excluded: list[tuple[int, int]]
    refs: list[Ref]
    registry: Registry
    proposals: list[Proposal]
    entry_dates: dict[int, date]      # block start -> live-blog entry day
    published: date | None            # publication day, when the manifest gives one
    year_hint: int | None
    live_blog: bool
    kinds: dict[str, str] = field(default_factory=dict)  # actor_id -> actor_type (registry and proposals)

    def ref_date(self, block: Block) -> date | None:
        """The reference date of a passage: its live-blog entry's day, else the publication day."""
        if block.start in self.entry_dates:
            return self.entry_dates[block.start]
        if block.undated_entry:
            return None
        return self.published

    def refs_in(self, start: int, end: int) -> list[Ref]:
        return [r for r in self.refs if start <= r.start and r.end <= end]

    def is_excluded(self, start: int, end: int) -> bool:
        return any(start < b and a < end for a, b in self.excluded)

    def actor_type(self, actor_id: str | None) -> str | None:
        return self.kinds.get(actor_id) if actor_id else None
