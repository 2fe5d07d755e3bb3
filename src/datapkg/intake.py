"""`datapkg add-source`: archive a new article byte-identical under sources/ and register it in the manifest.

The manifest is appended to as text, so its comments and layout stay as curators wrote them."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .dates import DateFormError, parse_date_form
from .errors import InputError
from .extraction.draft_yaml import q
from .extraction.text import is_live_blog
from .sources import DATE_HINT, load_sources

GENRES = ("article", "live_blog", "tag_archive")


@dataclass(frozen=True)
class Added:
    source_id: str
    path: Path
    sha256: str
    genre: str
    published: str | None
    published_basis: str | None


def _next_number(root: Path, manifest_text: str) -> int:
    numbers = [int(m) for m in re.findall(r"source_id:\s*(\d{3})_", manifest_text)]
    numbers += [int(p.name[:3]) for p in (root / "sources").glob("[0-9][0-9][0-9]_*.txt")]
    return max(numbers, default=-1) + 1


def add_source(root: Path, file: Path, *, url: str | None = None, outlet: str | None = None,
               published: str | None = None, published_basis: str | None = None, title: str | None = None,
               genre: str | None = None, language: str = "fr") -> Added:
    if not file.is_file():
        raise InputError(f"{file}: no such file; give the path of the article's text")
    data = file.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{file}: not valid UTF-8 at byte {exc.start}; save the article as UTF-8 text") from None
    if not text.strip():
        raise InputError(f"{file}: the file is empty; nothing to add")
    digest = hashlib.sha256(data).hexdigest()
    manifest = root / "sources" / "manifest.yaml"
    if not manifest.is_file():
        raise InputError(f"{manifest}: no manifest; run from the project root or pass --root")
    manifest_text = manifest.read_text(encoding="utf-8")
    for s in load_sources(root):
        if s.sha256 == digest:
            raise InputError(f"{file}: already in the project as {s.rel_path} (same sha256 {digest[:16]}...); nothing added")
    if genre is not None and genre not in GENRES:
        raise InputError(f"--genre {genre!r}: expected one of {', '.join(GENRES)}")
    genre = genre or ("live_blog" if is_live_blog(text) else "article")
    basis = None
    if published is not None:
        try:
            parse_date_form(published, None)
        except DateFormError as exc:
            raise InputError(f"--published {published!r}: {exc}") from None
        basis = published_basis or "stated"
    else:
        hint = DATE_HINT.match(text)
        if hint:
            published, basis = hint[1], "metadata_hint"
    source_id = f"{_next_number(root, manifest_text):03d}_{digest[:16]}"
    target = root / "sources" / f"{source_id}.txt"
    lines = [f"  - source_id: {source_id}", f"    sha256: {digest}", f"    language: {language}", f"    genre: {genre}"]
    for key, value in (("outlet", outlet), ("url", url), ("title", title)):
        if value:
            lines.append(f"    {key}: {q(value)}")
    if published:
        lines += [f"    published: {published}", f"    published_basis: {basis}"]
    entry = "\n".join(lines) + "\n"
    new_text = manifest_text + ("" if manifest_text.endswith("\n") else "\n") + entry
    target.write_bytes(data)
    manifest.write_text(new_text, encoding="utf-8")
    try:
        load_sources(root)
    except InputError as exc:  # leave the project as it was
        manifest.write_text(manifest_text, encoding="utf-8")
        target.unlink(missing_ok=True)
        raise InputError(f"{file}: not added: {exc}") from None
    return Added(source_id, target, digest, genre, published, basis)
