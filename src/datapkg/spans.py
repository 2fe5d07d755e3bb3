"""Locating verbatim strings in a source, and saying what is closest when they are not there."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz


@dataclass(frozen=True)
class Span:
    start: int
    end: int


class SpanError(ValueError):
    pass


def occurrences(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i != -1:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def closest_passage(text: str, needle: str) -> str:
    """The passage of `text` most like `needle`, for error messages (one line, at most ~120 characters)."""
    if not text or not needle:
        return ""
    al = fuzz.partial_ratio_alignment(needle, text)
    passage = text[al.dest_start:al.dest_end] if al is not None else ""
    passage = " ".join(passage.split())
    return passage[:117] + "..." if len(passage) > 120 else passage


def _inside(span: Span, regions: list[Span]) -> Span | None:
    for r in regions:
        if span.start < r.end and r.start < span.end:
            return r
    return None


def locate_unique(text: str, needle: str, excluded: list[Span], what: str) -> Span:
    """The one occurrence of `needle` outside the excluded regions."""
    if not needle or not needle.strip():
        raise SpanError(f"{what} is empty; give a verbatim passage of the source")
    hits = [Span(i, i + len(needle)) for i in occurrences(text, needle)]
    if not hits:
        closest = closest_passage(text, needle)
        raise SpanError(f"{what} {_short(needle)} is not in the source; closest passage: {closest!r}; copy the text exactly")
    usable = [h for h in hits if _inside(h, excluded) is None]
    if not usable:
        raise SpanError(f"{what} {_short(needle)} lies only in text marked not_reporting (caption, teaser, "
                        f"boilerplate); cite the reporting itself")
    if len(usable) > 1:
        raise SpanError(f"{what} {_short(needle)} occurs {len(usable)} times in the source (offsets "
                        f"{', '.join(str(h.start) for h in usable[:4])}); lengthen it until it is unique")
    return usable[0]


def locate_within(text: str, needle: str, anchors: list[Span], excluded: list[Span], what: str) -> Span:
    """`needle` inside one of the anchor spans (first occurrence in the first anchor holding it); else the
    occurrence nearest to the first anchor on the same line; else the unique occurrence in the source."""
    if not needle or not needle.strip():
        raise SpanError(f"{what} is empty; give a verbatim passage of the source or leave the key out")
    for a in anchors:
        i = text.find(needle, a.start, a.end)
        if i != -1:
            return Span(i, i + len(needle))
    if anchors:
        a = anchors[0]
        line_start = text.rfind("\n", 0, a.start) + 1
        line_end = text.find("\n", a.end)
        line_end = len(text) if line_end == -1 else line_end
        hits = [Span(i, i + len(needle)) for i in occurrences(text, needle)
                if line_start <= i and i + len(needle) <= line_end]
        hits = [h for h in hits if _inside(h, excluded) is None]
        if hits:
            return min(hits, key=lambda h: (min(abs(h.start - a.end), abs(a.start - h.end)), h.start))
        if occurrences(text, needle):
            try:
                return locate_unique(text, needle, excluded, what)
            except SpanError:
                raise SpanError(f"{what} {_short(needle)} is not inside the record's evidence nor on its line, and "
                                f"is not unique elsewhere; add the passage holding it to evidence") from None
    return locate_unique(text, needle, excluded, what)


def _short(s: str) -> str:
    s = " ".join(s.split())
    return repr(s if len(s) <= 80 else s[:77] + "...")
