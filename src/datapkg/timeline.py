"""`datapkg timeline`: an SVG timeline of the events, drawn from the published tables.

One row per dated event, in date order, on a date axis; the marker's colour is the event type, its shape the
status, and a bar spans the period when the date is coarser than a day. Dated events far from the main period
(background such as earlier summits) get narrow axis segments of their own, separated by breaks. Undated
events are listed below the chart. The SVG is written by hand: same tables, same bytes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Optional
from xml.sax.saxutils import escape

import typer

from .errors import InputError
from .published import Package, load_package

WIDTH = 1200
MARGIN = 24
ROW = 21
FONT = "Helvetica, Arial, Liberation Sans, DejaVu Sans, sans-serif"
CHAR_W = 6.1  # average advance of an 11px glyph of the widest font in FONT (DejaVu Sans), for fitting labels
GAP_DAYS = 120  # a gap longer than this between dated events breaks the axis
SIDE_WIDTH = 92  # width of an axis segment outside the main period
BREAK = 26  # width of an axis break
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#7f7f7f", "#a6a620", "#393b79", "#ad494a")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SHAPES = ("occurred", "announced", "planned", "proposed", "possible", "denied", "rejected", "cancelled", "postponed")


@dataclass(frozen=True)
class Event:
    event_id: str
    event_type: str
    title: str
    status: str
    start: date | None
    end: date | None


@dataclass
class Segment:
    first: date  # first day shown
    last: date  # day after the last day shown
    x0: float
    x1: float
    main: bool

    def x(self, d: date) -> float:
        span = (self.last - self.first).days
        return self.x0 + (self.x1 - self.x0) * (d - self.first).days / span


def _f(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _month_start(d: date) -> date:
    return d.replace(day=1)


def _next_month(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def _text_width(text: str, size: float = 11) -> float:
    return len(text) * CHAR_W * size / 11


def _fit(text: str, width: float, size: float = 11) -> str:
    if _text_width(text, size) <= width:
        return text
    n = max(1, int(width / (CHAR_W * size / 11)) - 1)
    return text[:n].rstrip() + "…"


def marker(status: str, x: float, y: float, colour: str, r: float = 5.5) -> str:
    """The status's marker in the type's colour."""
    sx, sy = _f(x), _f(y)
    stroke = f'stroke="{colour}" stroke-width="2"'
    hollow = f'fill="#ffffff" {stroke}'
    if status == "occurred":
        return f'<circle cx="{sx}" cy="{sy}" r="{_f(r)}" fill="{colour}"/>'
    if status == "announced":
        return f'<rect x="{_f(x - r)}" y="{_f(y - r)}" width="{_f(2 * r)}" height="{_f(2 * r)}" fill="{colour}"/>'
    if status == "planned":
        return f'<circle cx="{sx}" cy="{sy}" r="{_f(r - 1)}" {hollow}/>'
    if status == "proposed":
        pts = f"{_f(x)},{_f(y - r - 1)} {_f(x + r + 1)},{sy} {_f(x)},{_f(y + r + 1)} {_f(x - r - 1)},{sy}"
        return f'<polygon points="{pts}" {hollow}/>'
    if status == "possible":
        return f'<circle cx="{sx}" cy="{sy}" r="{_f(r - 1)}" {hollow} stroke-dasharray="2.2 1.6"/>'
    if status == "denied":
        d = r - 0.5
        return (f'<path d="M{_f(x - d)} {_f(y - d)}L{_f(x + d)} {_f(y + d)}M{_f(x - d)} {_f(y + d)}L{_f(x + d)} {_f(y - d)}" '
                f'stroke="{colour}" stroke-width="2.6" stroke-linecap="round"/>')
    if status == "rejected":
        d = r - 2.5
        return (f'<rect x="{_f(x - r + 1)}" y="{_f(y - r + 1)}" width="{_f(2 * r - 2)}" height="{_f(2 * r - 2)}" {hollow}/>'
                f'<path d="M{_f(x - d)} {_f(y - d)}L{_f(x + d)} {_f(y + d)}M{_f(x - d)} {_f(y + d)}L{_f(x + d)} {_f(y - d)}" '
                f'stroke="{colour}" stroke-width="1.6"/>')
    if status == "cancelled":
        return (f'<circle cx="{sx}" cy="{sy}" r="{_f(r - 1)}" {hollow}/>'
                f'<path d="M{_f(x - r)} {_f(y + r)}L{_f(x + r)} {_f(y - r)}" stroke="{colour}" stroke-width="2"/>')
    if status == "postponed":
        pts = f"{_f(x - r + 1)},{_f(y - r)} {_f(x + r)},{sy} {_f(x - r + 1)},{_f(y + r)}"
        return f'<polygon points="{pts}" {hollow}/>'
    pts = f"{_f(x)},{_f(y - r)} {_f(x + r)},{_f(y + r - 1)} {_f(x - r)},{_f(y + r - 1)}"
    return f'<polygon points="{pts}" {hollow}/>'  # a status this drawing does not know: hollow triangle


def read_events(pkg: Package) -> tuple[list[Event], dict[str, str], dict[str, str]]:
    """Events, and the labels of event types and statuses in vocabulary order."""
    for name in ("events", "vocab_event_types", "vocab_event_statuses"):
        if name not in pkg.tables:
            raise InputError(f"{pkg.root / 'datapackage.json'}: no {name} table; a timeline needs it")
    df = pkg.read("events")
    events = [Event(r["event_id"], r["event_type"], r["title"], r["status"], r["date_start"],
                    r["date_end"] or r["date_start"]) for r in df.iter_rows(named=True)]
    types = {r["code"]: r["label"] for r in pkg.read("vocab_event_types").iter_rows(named=True)}
    statuses = {r["code"]: r["label"] for r in pkg.read("vocab_event_statuses").iter_rows(named=True)}
    return events, types, statuses


def segments(dated: list[Event], x0: float, x1: float) -> list[Segment]:
    """Axis segments: events closer than GAP_DAYS share one; the segment with most events is the main one and
    takes the width the others leave."""
    groups: list[list[Event]] = []
    group_end = date.min  # the latest end in the last group (kept as it grows: a corpus has thousands of events)
    for e in sorted(dated, key=lambda e: (e.start, e.end)):
        assert e.start is not None and e.end is not None
        if groups and (e.start - group_end).days <= GAP_DAYS:
            groups[-1].append(e)
            group_end = max(group_end, e.end)
        else:
            groups.append([e])
            group_end = e.end
    if not groups:
        return []
    main = max(range(len(groups)), key=lambda i: (len(groups[i]), i))
    side = len(groups) - 1
    main_w = (x1 - x0) - side * (SIDE_WIDTH + BREAK)
    out, x = [], x0
    for i, g in enumerate(groups):
        first = _month_start(min(e.start for e in g))  # type: ignore[type-var]
        last = _next_month(max(e.end for e in g))  # type: ignore[type-var]
        w = main_w if i == main else SIDE_WIDTH
        out.append(Segment(first, last, x, x + w, i == main))
        x += w + BREAK
    return out


def _segment_of(segs: list[Segment], d: date) -> Segment:
    return next(s for s in segs if s.first <= d < s.last)


def _axis(segs: list[Segment], top: float, bottom: float) -> list[str]:
    """Month gridlines and labels (main segment), period labels (side segments), and break marks."""
    out = ['<g font-size="10" fill="#555555" text-anchor="middle">']
    for s in segs:
        out.append(f'<rect x="{_f(s.x0)}" y="{_f(top)}" width="{_f(s.x1 - s.x0)}" height="{_f(bottom - top)}" '
                   f'fill="{"#fafafa" if s.main else "#f2f2f2"}"/>')
        if s.main:
            d = s.first
            while d < s.last:
                x = s.x(d)
                out.append(f'<line x1="{_f(x)}" y1="{_f(top)}" x2="{_f(x)}" y2="{_f(bottom)}" stroke="#dddddd"/>')
                mid = s.x(d + (_next_month(d) - d) / 2)
                label = MONTHS[d.month - 1] + (f" {d.year}" if d == s.first or d.month == 1 else "")
                for y in (top - 6, bottom + 14):
                    out.append(f'<text x="{_f(mid)}" y="{_f(y)}">{label}</text>')
                d = _next_month(d)
        else:
            years = sorted({s.first.year, (s.last - timedelta(days=1)).year})
            if len(years) == 1 and (s.last - s.first).days <= 62:
                label = f"{MONTHS[s.first.month - 1]} {years[0]}"
            else:
                label = "–".join(str(y) for y in years)
            for y in (top - 6, bottom + 14):
                out.append(f'<text x="{_f((s.x0 + s.x1) / 2)}" y="{_f(y)}">{label}</text>')
    for a, b in zip(segs, segs[1:]):
        mid = (a.x1 + b.x0) / 2
        for y in (top, bottom):
            out.append(f'<path d="M{_f(mid - 7)} {_f(y + 5)}L{_f(mid - 1)} {_f(y - 5)}M{_f(mid + 1)} {_f(y + 5)}'
                       f'L{_f(mid + 7)} {_f(y - 5)}" stroke="#888888" stroke-width="1.3"/>')
    out.append("</g>")
    return out


def _date_text(e: Event) -> str:
    assert e.start is not None
    if e.end is None or e.end == e.start:
        return e.start.isoformat()
    return f"{e.start.isoformat()} – {e.end.isoformat()}"


def render_timeline(pkg: Package) -> str:
    events, type_labels, status_labels = read_events(pkg)
    colour = {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(type_labels)}
    dated = sorted([e for e in events if e.start is not None], key=lambda e: (e.start, e.end, e.event_id))
    undated = sorted([e for e in events if e.start is None], key=lambda e: (e.title.casefold(), e.event_id))
    present_types = [t for t in type_labels if any(e.event_type == t for e in events)]
    present_statuses = [s for s in status_labels if any(e.status == s for e in events)]

    body: list[str] = []
    y = MARGIN + 18
    title = str(pkg.descriptor.get("title") or pkg.name)
    body.append(f'<text x="{MARGIN}" y="{_f(y)}" font-size="17" font-weight="bold">{escape(_fit(title, WIDTH - 2 * MARGIN, 17))}</text>')
    y += 20
    sub = (f"{len(events)} events ({len(dated)} dated, {len(undated)} undated) — package {pkg.name} "
           f"{pkg.version or ''}. Colour: event type; marker: status; bar: period when the date is coarser than a day.")
    body.append(f'<text x="{MARGIN}" y="{_f(y)}" font-size="11" fill="#444444">{escape(_fit(sub, WIDTH - 2 * MARGIN))}</text>')

    # Legends: event types (colour), then statuses (shape), wrapping as needed.
    def legend(items: list[tuple[str, str, str]], y: float, heading: str) -> float:
        """(status, colour, label) items in a row after `heading`, wrapping as needed; returns the last row's y."""
        x = MARGIN
        body.append(f'<text x="{_f(x)}" y="{_f(y + 4)}" font-size="11" font-weight="bold">{heading}</text>')
        x += 64
        for status, c, label in items:
            w = 18 + _text_width(label) + 16
            if x + w > WIDTH - MARGIN:
                x, y = MARGIN + 64, y + 18
            body.append(f'<g transform="translate({_f(x + 6)},{_f(y)})">{marker(status, 0, 0, c)}</g>')
            body.append(f'<text x="{_f(x + 16)}" y="{_f(y + 4)}" font-size="11">{escape(label)}</text>')
            x += w
        return y

    y += 24
    y = legend([("occurred", colour[t], type_labels[t]) for t in present_types], y, "Type")
    y += 20
    y = legend([(s, "#333333", status_labels[s]) for s in present_statuses], y, "Status")

    # The chart: one row per dated event.
    top = y + 32
    segs = segments(dated, MARGIN, WIDTH - MARGIN)
    bottom = top + ROW * len(dated) + 6
    if dated:
        body += _axis(segs, top, bottom)
        for i, e in enumerate(dated):
            assert e.start is not None and e.end is not None
            cy = top + 6 + ROW * i + ROW / 2
            seg = _segment_of(segs, e.start)
            xs, xe = seg.x(e.start), seg.x(e.end + timedelta(days=1))
            c = colour.get(e.event_type, "#333333")
            if xe - xs > 3:
                body.append(f'<rect x="{_f(xs)}" y="{_f(cy - 4)}" width="{_f(xe - xs)}" height="8" rx="3" '
                            f'fill="{c}" fill-opacity="0.28" stroke="{c}" stroke-opacity="0.6"/>')
            cx = (xs + xe) / 2
            body.append(f'<g><title>{escape(e.event_id)}: {escape(e.title)} ({escape(e.status)}, '
                        f'{escape(_date_text(e))})</title>{marker(e.status, cx, cy, c)}</g>')
            label, when = e.title, _date_text(e)
            right_room = WIDTH - MARGIN - (max(xe, cx + 6) + 8)
            left_room = min(xs, cx - 6) - 8 - MARGIN
            need = _text_width(label) + 6 + _text_width(when, 10)
            if right_room >= need or right_room >= left_room:
                anchor, lx, room = "start", max(xe, cx + 6) + 8, right_room
            else:
                anchor, lx, room = "end", min(xs, cx - 6) - 8, left_room
            shown = _fit(label, max(room - 6 - _text_width(when, 10), 40))
            body.append(f'<text x="{_f(lx)}" y="{_f(cy + 4)}" font-size="11" text-anchor="{anchor}">'
                        f'{escape(shown)}<tspan dx="6" fill="#777777" font-size="10">{escape(when)}</tspan></text>')
        y = bottom + 22
    else:
        y = top

    # Undated events, listed apart in two columns.
    if undated:
        y += 22
        body.append(f'<text x="{MARGIN}" y="{_f(y)}" font-size="13" font-weight="bold">Undated events ({len(undated)})</text>')
        y += 8
        col_w = (WIDTH - 2 * MARGIN) / 2
        rows = (len(undated) + 1) // 2
        for i, e in enumerate(undated):
            col, row = divmod(i, rows)
            x = MARGIN + col * col_w
            cy = y + ROW * row + ROW / 2
            c = colour.get(e.event_type, "#333333")
            body.append(f'<g><title>{escape(e.event_id)}: {escape(e.title)} ({escape(e.status)}, undated)</title>'
                        f'{marker(e.status, x + 7, cy, c)}</g>')
            body.append(f'<text x="{_f(x + 20)}" y="{_f(cy + 4)}" font-size="11">{escape(_fit(e.title, col_w - 30))}</text>')
        y += ROW * rows
    y += 26
    note = "Drawn by datapkg timeline from datasets/events and the event_types and event_statuses vocabularies."
    body.append(f'<text x="{MARGIN}" y="{_f(y)}" font-size="10" fill="#777777">{escape(note)}</text>')
    height = y + MARGIN - 8
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{_f(height)}" '
            f'viewBox="0 0 {WIDTH} {_f(height)}" font-family="{FONT}" role="img">\n'
            f'<title>{escape(title)}: timeline of events</title>\n'
            f'<rect width="100%" height="100%" fill="#ffffff"/>\n')
    return head + "\n".join(body) + "\n</svg>\n"


def write_timeline(pkg_dir: Path, out: Path) -> tuple[Path, int]:
    pkg = load_package(pkg_dir)
    svg = render_timeline(pkg)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.write_text(svg, encoding="utf-8")
    os.replace(tmp, out)
    return out, svg.count("<title>") - 1


def register(app: typer.Typer) -> None:
    @app.command("timeline")
    def timeline_cmd(
        directory: Annotated[Path, typer.Argument(help="Folder holding datapackage.json.")] = Path("."),
        out: Annotated[Optional[Path], typer.Option("--out", help="SVG file to write (default: docs/timeline.svg).")] = None,
    ) -> None:
        """Draw the events as an SVG timeline (colour: event type, marker: status; undated events listed apart)."""
        try:
            path, n = write_timeline(directory, out or Path("docs/timeline.svg"))
        except InputError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1)
        typer.echo(f"wrote {path}: {n} events")


__all__ = ["render_timeline", "write_timeline"]
