"""`datapkg diff OLD NEW`: what changed between two versions of the package, row by row.

Rows are matched by primary key, table by table: rows added, rows removed, and rows whose fields changed (with
each field's old and new value). The Markdown form is meant for a pull request; the JSON form for scripts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from .errors import InputError
from .published import Package, load_package

META_KEYS = ("name", "title", "version", "created", "description", "language", "keywords", "licenses",
             "contributors", "sources")
SUMMARY_COLUMNS = ("title", "name", "quote_text", "text", "label", "alias")


@dataclass
class RowChange:
    key: tuple
    fields: list[tuple[str, Any, Any]]  # (column, old, new)


@dataclass
class TableDiff:
    name: str
    primary_key: tuple[str, ...]
    rows_old: int | None  # None: the table is not in the old package
    rows_new: int | None
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    note: str | None = None

    @property
    def status(self) -> str:
        if self.rows_old is None:
            return "added"
        if self.rows_new is None:
            return "removed"
        if self.added or self.removed or self.changed or self.columns_added or self.columns_removed:
            return "changed"
        return "unchanged"


@dataclass
class PackageDiff:
    old: Package
    new: Package
    metadata: list[tuple[str, Any, Any]]
    tables: list[TableDiff]

    @property
    def has_changes(self) -> bool:
        return bool(self.metadata) or any(t.status != "unchanged" for t in self.tables)


def _sort_key(key: tuple) -> tuple:
    return tuple((v is None, str(v)) for v in key)


def diff_table(name: str, old: Package | None, new: Package | None) -> TableDiff:
    df_old = old.read(name, verify=False) if old is not None else None
    df_new = new.read(name, verify=False) if new is not None else None
    table = (new or old).tables[name]  # type: ignore[union-attr]
    out = TableDiff(name, table.primary_key, df_old.height if df_old is not None else None,
                    df_new.height if df_new is not None else None)
    if df_old is None or df_new is None:
        rows = (df_new if df_new is not None else df_old).to_dicts()  # type: ignore[union-attr]
        (out.added if df_old is None else out.removed).extend(rows)
        return out
    out.columns_added = [c for c in df_new.columns if c not in df_old.columns]
    out.columns_removed = [c for c in df_old.columns if c not in df_new.columns]
    common = [c for c in df_new.columns if c in df_old.columns]
    pk = list(table.primary_key)
    if not pk or any(k not in common for k in pk) or old.tables[name].primary_key != table.primary_key:
        # Without a shared primary key, rows can only be matched whole.
        out.note = "primary key changed or missing: rows are matched on all shared columns"
        pk = common
    old_rows = {tuple(r[k] for k in pk): r for r in df_old.to_dicts()}
    new_rows = {tuple(r[k] for k in pk): r for r in df_new.to_dicts()}
    for key in sorted(new_rows.keys() - old_rows.keys(), key=_sort_key):
        out.added.append(new_rows[key])
    for key in sorted(old_rows.keys() - new_rows.keys(), key=_sort_key):
        out.removed.append(old_rows[key])
    for key in sorted(old_rows.keys() & new_rows.keys(), key=_sort_key):
        a, b = old_rows[key], new_rows[key]
        fields = [(c, a[c], b[c]) for c in common if c not in pk and a[c] != b[c]]
        fields += [(c, None, b[c]) for c in out.columns_added if b[c] is not None]
        fields += [(c, a[c], None) for c in out.columns_removed if a[c] is not None]
        if fields:
            out.changed.append(RowChange(key, fields))
    out.primary_key = tuple(pk)
    return out


def diff_packages(old_dir: Path, new_dir: Path) -> PackageDiff:
    old, new = load_package(old_dir), load_package(new_dir)
    metadata = [(k, old.descriptor.get(k), new.descriptor.get(k)) for k in META_KEYS
                if old.descriptor.get(k) != new.descriptor.get(k)]
    names = list(new.tables) + [n for n in old.tables if n not in new.tables]
    tables = [diff_table(n, old if n in old.tables else None, new if n in new.tables else None) for n in names]
    return PackageDiff(old, new, metadata, tables)


# --- JSON -------------------------------------------------------------------------------------------------------

def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def as_dict(d: PackageDiff) -> dict[str, Any]:
    tables = {}
    for t in d.tables:
        tables[t.name] = {
            "status": t.status, "primary_key": list(t.primary_key), "rows_old": t.rows_old, "rows_new": t.rows_new,
            "columns_added": t.columns_added, "columns_removed": t.columns_removed,
            "added": t.added, "removed": t.removed,
            "changed": [{"key": dict(zip(t.primary_key, c.key)),
                         "fields": {name: {"old": a, "new": b} for name, a, b in c.fields}} for c in t.changed],
            **({"note": t.note} if t.note else {}),
        }
    return _jsonable({
        "old": {"path": str(d.old.root), "version": d.old.version},
        "new": {"path": str(d.new.root), "version": d.new.version},
        "has_changes": d.has_changes,
        "summary": {"added": sum(len(t.added) for t in d.tables), "removed": sum(len(t.removed) for t in d.tables),
                    "changed": sum(len(t.changed) for t in d.tables)},
        "metadata": [{"field": k, "old": a, "new": b} for k, a, b in d.metadata],
        "tables": tables,
    })


# --- Markdown ---------------------------------------------------------------------------------------------------

def _text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        return json.dumps(_jsonable(value), ensure_ascii=False, sort_keys=True)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _cell(text: str) -> str:
    return (" ".join(text.split()) if "\n" in text or "\r" in text else text).replace("\\", "\\\\") \
        .replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;") or " "


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def clip_pair(old: str, new: str, width: int = 160, context: int = 40) -> tuple[str, str]:
    """Both values, shortened around the part that differs when they are long."""
    if len(old) <= width and len(new) <= width:
        return old, new
    p = 0
    while p < min(len(old), len(new)) and old[p] == new[p]:
        p += 1
    s = 0
    while s < min(len(old), len(new)) - p and old[-1 - s] == new[-1 - s]:
        s += 1
    start = max(0, p - context)

    def cut(t: str) -> str:
        end = min(len(t), len(t) - s + context)
        return ("…" if start > 0 else "") + clip(t[start:end], width) + ("…" if end < len(t) else "")

    return cut(old), cut(new)


def _key(t: TableDiff, key: tuple) -> str:
    return ", ".join(f"`{_text(v)}`" for v in key) if len(key) <= 3 else clip(", ".join(_text(v) for v in key), 80)


def _summary_column(t: TableDiff, row: dict[str, Any]) -> str | None:
    for c in SUMMARY_COLUMNS:
        if c in row and c not in t.primary_key:
            return c
    return next((c for c, v in row.items() if c not in t.primary_key and isinstance(v, str)), None)


def _rows_md(t: TableDiff, rows: list[dict[str, Any]], limit: int) -> list[str]:
    col = _summary_column(t, rows[0]) if rows else None
    head = "| " + " | ".join(f"`{k}`" for k in t.primary_key) + (f" | `{col}`" if col else "") + " |"
    lines = [head, "|" + "---|" * (len(t.primary_key) + (1 if col else 0))]
    for r in rows[:limit]:
        cells = [f"`{_cell(_text(r[k]))}`" for k in t.primary_key]
        if col:
            cells.append(_cell(clip(_text(r[col]), 120)))
        lines.append("| " + " | ".join(cells) + " |")
    if len(rows) > limit:
        lines.append(f"\n… and {len(rows) - limit} more (see `--format json`).")
    return lines


def as_markdown(d: PackageDiff, limit: int = 100) -> str:
    old_v, new_v = d.old.version or str(d.old.root), d.new.version or str(d.new.root)
    title = f"{old_v} → {new_v}" if old_v != new_v else f"{new_v} (`{d.old.root}` → `{d.new.root}`)"
    lines = [f"## Data changes: {d.new.name} {title}", ""]
    if not d.has_changes:
        return "\n".join(lines + ["No changes: every table has the same rows.", ""])
    if d.metadata:
        lines += ["| package field | old | new |", "|---|---|---|"]
        for k, a, b in d.metadata:
            sa, sb = clip_pair(_text(a), _text(b))
            lines.append(f"| `{k}` | {_cell(sa)} | {_cell(sb)} |")
        lines.append("")
    changed = [t for t in d.tables if t.status != "unchanged"]
    if changed:
        lines += ["| table | rows | added | removed | changed |", "|---|---:|---:|---:|---:|"]
        for t in changed:
            rows = f"{'–' if t.rows_old is None else t.rows_old} → {'–' if t.rows_new is None else t.rows_new}"
            lines.append(f"| `{t.name}` | {rows} | {len(t.added)} | {len(t.removed)} | {len(t.changed)} |")
        lines.append("")
    same = len(d.tables) - len(changed)
    lines += [f"{same} other table{'s' if same != 1 else ''} unchanged.", ""]
    for t in changed:
        lines += [f"### `{t.name}`" + {"added": " (new table)", "removed": " (table removed)"}.get(t.status, ""), ""]
        if t.note:
            lines += [f"Note: {t.note}.", ""]
        if t.columns_added or t.columns_removed:
            parts = []
            if t.columns_added:
                parts.append("columns added: " + ", ".join(f"`{c}`" for c in t.columns_added))
            if t.columns_removed:
                parts.append("columns removed: " + ", ".join(f"`{c}`" for c in t.columns_removed))
            lines += ["; ".join(parts).capitalize() + ".", ""]
        if t.changed:
            lines += [f"Changed rows ({len(t.changed)}):", "",
                      "| key | field | old | new |", "|---|---|---|---|"]
            shown = 0
            for c in t.changed:
                for name, a, b in c.fields:
                    if shown >= limit:
                        break
                    sa, sb = clip_pair(_text(a), _text(b))
                    lines.append(f"| {_key(t, c.key)} | `{name}` | {_cell(sa)} | {_cell(sb)} |")
                    shown += 1
            total = sum(len(c.fields) for c in t.changed)
            if total > shown:
                lines.append(f"\n… and {total - shown} more field changes (see `--format json`).")
            lines.append("")
        for label, rows in (("Added rows", t.added), ("Removed rows", t.removed)):
            if rows:
                lines += [f"{label} ({len(rows)}):", "", *_rows_md(t, rows, limit), ""]
    return "\n".join(lines)


class Format(str, Enum):
    markdown = "markdown"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command("diff")
    def diff_cmd(
        old: Annotated[Path, typer.Argument(help="Folder of the old package (holds datapackage.json).")],
        new: Annotated[Path, typer.Argument(help="Folder of the new package.")],
        fmt: Annotated[Format, typer.Option("--format", help="markdown (for a pull request) or json.")] = Format.markdown,
        limit: Annotated[int, typer.Option("--limit", min=1, help="Rows shown per section in Markdown.")] = 100,
        exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when the packages differ.")] = False,
    ) -> None:
        """Rows added, removed and changed (field by field) in every table, matched by primary key."""
        try:
            d = diff_packages(old, new)
        except InputError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2)
        if fmt is Format.json:
            typer.echo(json.dumps(as_dict(d), ensure_ascii=False, indent=2))
        else:
            typer.echo(as_markdown(d, limit))
        raise typer.Exit(1 if exit_code and d.has_changes else 0)
