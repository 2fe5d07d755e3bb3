"""The vectorised provenance check (spans.SourceTexts) agrees with plain Python slicing of the decoded text,
for texts mixing 1- to 4-byte UTF-8 characters and for spans in, at the edge of, and out of range."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from datapkg.spans import SourceTexts

ALPHABET = st.sampled_from(list("ab \n'’«»\u00a0éÉçœ") + ["€", "中", "𝄞", "🇫"])
TEXTS = st.lists(st.text(ALPHABET, max_size=40), min_size=1, max_size=5)


@st.composite
def case(draw):
    texts = draw(TEXTS)
    spans = []
    for _ in range(draw(st.integers(0, 30))):
        i = draw(st.integers(0, len(texts) - 1))
        n = len(texts[i])
        a = draw(st.integers(-2, n + 2))
        b = draw(st.integers(-2, n + 3))
        honest = 0 <= a <= b <= n and draw(st.booleans())
        text = texts[i][a:b] if honest else draw(st.text(ALPHABET, max_size=6))
        spans.append((f"s{i}", a, b, text))
    return texts, spans


@settings(max_examples=300, deadline=None)
@given(case())
def test_mismatches_agree_with_python_slicing(data):
    texts, spans = data
    sources = SourceTexts({f"s{i}": t for i, t in enumerate(texts)})
    frame = pl.DataFrame(spans, schema={"source_id": pl.Utf8, "char_start": pl.Int64, "char_end": pl.Int64,
                                        "text": pl.Utf8}, orient="row").with_row_index("row")
    got = set(sources.mismatches(frame, batch=7)["row"].to_list())
    expected = {i for i, (sid, a, b, t) in enumerate(spans)
                if not (0 <= a <= b <= len(texts[int(sid[1:])]) and texts[int(sid[1:])][a:b] == t)}
    assert got == expected
    assert sources.char_counts() == {f"s{i}": len(t) for i, t in enumerate(texts)}


def test_unknown_sources_and_nulls_are_left_to_other_checks():
    sources = SourceTexts({"a": "Kyiv à 12\u00a0h"})
    frame = pl.DataFrame({"source_id": ["a", "zz", "a", None], "char_start": [0, 0, None, 0],
                          "char_end": [4, 4, 3, 2], "text": ["Kyiv", "Kyiv", "Kyi", "Ky"]})
    assert sources.mismatches(frame).height == 0
    frame = frame.with_columns(pl.lit("Kiev").alias("text"))
    assert sources.mismatches(frame)["source_id"].to_list() == ["a"]


def test_invalid_utf8_is_reported_and_can_be_left_out():
    sources = SourceTexts({"good": "été".encode(), "bad": b"caf\xe9"})
    assert sources.invalid_utf8() == ["bad"]
    assert sources.select({"good"}).char_counts() == {"good": 3}
