"""Sources: the raw articles, their manifest, fingerprints, date hints and live-blog entry timestamps."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .dates import DateFormError, parse_date_form
from .errors import InputError
from .fingerprint import sha256
from .yamlio import load_yaml

DATE_HINT = re.compile(r"^ date (\d{4}(?:-\d{2}(?:-\d{2})?)?) ")
ENTRY_STAMP = re.compile(r"^(\d{2})/(\d{2})/(\d{2}) - (\d{2}):(\d{2}) - ", re.M)
_MANIFEST_KEYS = {"source_id", "sha256", "language", "genre", "outlet", "url", "title", "byline", "published",
                  "published_precision", "published_basis", "notes"}


@dataclass(frozen=True)
class Entry:
    """A live-blog entry: its timestamp and the character range it covers."""

    start: int
    end: int
    stamp: datetime


@dataclass(frozen=True)
class Source:
    source_id: str
    path: Path  # absolute
    rel_path: str  # relative to the project root
    sha256: str
    text: str
    row: dict  # the published `sources` row
    manifest_line: int

    def entries(self) -> list[Entry]:
        """Time-stamped entries of a live blog ("02/04/25 - 18:52 - ..."), in text order."""
        marks = list(ENTRY_STAMP.finditer(self.text))
        out = []
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(self.text)
            stamp = datetime(2000 + int(m[3]), int(m[2]), int(m[1]), int(m[4]), int(m[5]))
            out.append(Entry(m.start(), end, stamp))
        return out

    def reference_date(self, offset: int) -> date | None:
        """The reference date of the passage at `offset`: its live-blog entry's date, else the publication day."""
        for e in self.entries():
            if e.start <= offset < e.end:
                return e.stamp.date()
        if self.row.get("published_precision") == "day":
            return self.row["published_date"]
        return None


def read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 at byte {exc.start}; sources must be UTF-8 text") from None


def load_sources(root: Path) -> list[Source]:
    """Read sources/manifest.yaml and every source it lists; refuse a file whose sha256 has changed."""
    manifest_path = root / "sources" / "manifest.yaml"
    manifest = load_yaml(manifest_path, "sources/manifest.yaml")
    if not isinstance(manifest, dict) or not isinstance(manifest.get("sources"), list):
        raise InputError(f"sources/manifest.yaml:1: expected a mapping with a `sources` list")
    out: list[Source] = []
    seen: set[str] = set()
    for entry in manifest["sources"]:
        line = entry.get("__line__", "?")
        where = f"{manifest_path.relative_to(root)}:{line}"
        unknown = set(entry) - _MANIFEST_KEYS - {"__line__"}
        if unknown:
            raise InputError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_MANIFEST_KEYS)}")
        sid = entry.get("source_id")
        if not sid or sid in seen:
            raise InputError(f"{where}: source_id {sid!r} is missing or listed twice")
        seen.add(sid)
        rel = f"sources/{sid}.txt"
        path = root / rel
        if not path.is_file():
            raise InputError(f"{where}: {rel} does not exist; add the file or remove its manifest entry")
        digest = sha256(path)
        if digest != entry.get("sha256"):
            raise InputError(f"{rel}: sha256 {digest} does not match the manifest ({where}: {entry.get('sha256')}); "
                             f"sources are archived byte-identical: restore the original file, or register a new "
                             f"version with `datapkg add-source`")
        text = read_text(path)
        hint = DATE_HINT.match(text)
        published = entry.get("published")
        pub_date = pub_precision = pub_basis = None
        if published is not None:
            try:
                span = parse_date_form(published, entry.get("published_precision"))
            except DateFormError as exc:
                raise InputError(f"{where}: published: {exc}") from None
            pub_date, pub_precision = span.start, span.precision
            pub_basis = entry.get("published_basis")
            if not pub_basis:
                raise InputError(f"{where}: published needs published_basis (stated, metadata_hint, inferred)")
        row = {
            "source_id": sid, "path": rel, "sha256": digest, "n_chars": len(text),
            "language": entry.get("language"), "outlet": entry.get("outlet"), "url": entry.get("url"),
            "title": entry.get("title"), "byline": entry.get("byline"), "published_date": pub_date,
            "published_precision": pub_precision, "published_basis": pub_basis,
            "date_hint": hint[1] if hint else None, "genre": entry.get("genre"),
            "notes": " ".join(str(entry["notes"]).split()) if entry.get("notes") else None,
        }
        out.append(Source(sid, path, rel, digest, text, row, line))
    listed = {p.stem for p in (root / "sources").glob("*.txt")}
    unlisted = sorted(listed - seen)
    if unlisted:
        raise InputError(f"sources/{unlisted[0]}.txt: not in sources/manifest.yaml; register it with `datapkg add-source`")
    return out
