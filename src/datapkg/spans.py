"""Locating verbatim strings in a source, and saying what is closest when they are not there."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl
import pyarrow as pa
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


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class SourceTexts:
    """Source texts as UTF-8 bytes in one Arrow buffer, checked against many spans at once.

    Offsets count code points; the bytes are never decoded for the check. Code-point offsets become byte
    offsets with numpy (see `_index`), and each span's bytes are then compared in polars."""

    CHUNK = 1 << 23  # bytes scanned at once: bounds the temporary arrays

    def __init__(self, texts: Mapping[str, bytes | str] | None = None, *,
                 ids: list[str] | None = None, bodies: pa.LargeBinaryArray | None = None):
        """From a mapping source id -> text, or from `ids` and the matching `bodies`."""
        if texts is not None:
            ids = list(texts)
            bodies = pa.array([t.encode("utf-8") if isinstance(t, str) else t for t in texts.values()], pa.large_binary())
        assert ids is not None and bodies is not None
        self.ids, self.bodies = ids, bodies
        self.position = {sid: i for i, sid in enumerate(self.ids)}
        self._shift: np.ndarray | None = None

    @classmethod
    def read(cls, files: list[tuple[str, str, int]]) -> tuple[SourceTexts, list[str]]:
        """Read (source id, path, size) files into one buffer; returns the texts and each file's sha256."""
        offsets = np.zeros(len(files) + 1, np.int64)
        np.cumsum([size for _, _, size in files], out=offsets[1:])
        data = bytearray(int(offsets[-1]))
        view = memoryview(data)
        digests = []
        for (_, path, size), start in zip(files, offsets[:-1].tolist()):
            with open(path, "rb") as fh:
                got = fh.readinto(view[start:start + size])
            if got != size:
                raise OSError(f"{path} changed size while being read")
            digests.append(hashlib.sha256(view[start:start + size]).hexdigest())
        view.release()
        bodies = pa.LargeBinaryArray.from_buffers(pa.large_binary(), len(files),
                                                  [None, pa.py_buffer(offsets), pa.py_buffer(data)])
        return cls(ids=[sid for sid, _, _ in files], bodies=bodies), digests

    def select(self, keep: set[str]) -> SourceTexts:
        """The sources in `keep` only."""
        mask = pa.array([sid in keep for sid in self.ids])
        return SourceTexts(ids=[sid for sid in self.ids if sid in keep], bodies=self.bodies.filter(mask))

    def invalid_utf8(self) -> list[str]:
        """Sources whose bytes are not UTF-8 (they cannot be checked)."""
        try:
            self.bodies.cast(pa.large_string())  # validates UTF-8 without copying
            return []
        except pa.ArrowInvalid:
            return [sid for i, sid in enumerate(self.ids) if not _is_utf8(self.bodies[i].as_py())]

    def text(self, source_id: str) -> str:
        return self.bodies[self.position[source_id]].as_py().decode("utf-8")

    def _index(self) -> None:
        """Code point c of the concatenated sources starts at byte c + (continuation bytes of the code points
        before it). The j-th continuation byte (0b10xxxxxx), at byte q, follows q - j lead bytes, so it belongs to
        a code point before c exactly when q - j <= c: a binary search over q - j gives the shift."""
        if self._shift is not None:
            return
        n = len(self.bodies)
        self.byte_base = np.frombuffer(self.bodies.buffers()[1], np.int64)[self.bodies.offset:self.bodies.offset + n + 1]
        data = np.frombuffer(self.bodies.buffers()[2] or b"", np.int8)
        found = [np.flatnonzero(data[lo:lo + self.CHUNK] < -64) + lo  # 0x80..0xBF as signed bytes
                 for lo in range(0, len(data), self.CHUNK)]
        cont = np.concatenate([np.zeros(0, np.int64), *found])
        self.char_base = self.byte_base - np.searchsorted(cont, self.byte_base)
        self.n_chars = np.diff(self.char_base)
        self._shift = cont - np.arange(len(cont))

    def _byte_offsets(self, src: np.ndarray, chars: np.ndarray) -> np.ndarray:
        """Byte offset in source src[i] of code point chars[i] (the length when chars[i] is the end); -1 when out
        of range."""
        self._index()
        assert self._shift is not None
        ok = (chars >= 0) & (chars <= self.n_chars[src])
        char = self.char_base[src] + np.where(ok, chars, 0)
        order = np.argsort(char)  # a binary search is much faster over sorted needles (cache)
        shift = np.empty_like(char)
        shift[order] = np.searchsorted(self._shift, char[order], side="right")
        return np.where(ok, char + shift - self.byte_base[src], -1)

    def mismatches(self, spans: pl.DataFrame, batch: int = 1 << 18) -> pl.DataFrame:
        """The rows of `spans` (columns source_id, char_start, char_end, text, and any others) whose text is not
        source[char_start:char_end]. Rows with a null or a source not at hand are left to the other checks.
        Rows are handled `batch` at a time, to bound memory."""
        bodies = pl.from_arrow(self.bodies)
        assert isinstance(bodies, pl.Series)
        bad = []
        for part in spans.iter_slices(batch):
            df = part.with_columns(
                _src=pl.col("source_id").replace_strict(self.position, default=None, return_dtype=pl.Int64))
            df = df.drop_nulls(["_src", "char_start", "char_end", "text"])
            if df.height == 0:
                continue
            src = df["_src"].to_numpy()
            offsets = self._byte_offsets(np.concatenate([src, src]),
                                         np.concatenate([df["char_start"].to_numpy(), df["char_end"].to_numpy()]))
            df = df.with_columns(_bs=pl.Series(offsets[:df.height]), _be=pl.Series(offsets[df.height:]),
                                 _body=bodies.gather(pl.Series(src)))
            start, length = pl.col("_bs"), pl.col("_be") - pl.col("_bs")
            piece = pl.col("_body").bin.slice(start.clip(0), length.clip(0))  # clipped: invalid rows fail below
            same = (start >= 0) & (length >= 0) & (piece == pl.col("text").cast(pl.Binary))
            bad.append(df.filter(~same.fill_null(False)).drop("_src", "_bs", "_be", "_body"))
        return pl.concat(bad) if bad else spans.clear()

    def char_counts(self) -> dict[str, int]:
        """Code points of every source."""
        self._index()
        return dict(zip(self.ids, self.n_chars.tolist()))
