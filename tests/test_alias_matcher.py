"""Actor mentions: the trie-shaped alias matcher finds exactly what an alternation of the aliases sorted longest
first finds (longest alias, whole words, case-sensitive), whatever the aliases share."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from datapkg.annotations import AliasMatcher

WORDS = st.sampled_from(["Trump", "M.", "Poutine", "Vladimir", "V", "Kyiv", "l’", "Witkoff", "É", "Zelensky", "-"])
ALIAS = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)


def alternation(aliases: list[str]) -> re.Pattern:
    ordered = sorted(aliases, key=lambda a: (-len(a), a))
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(a) for a in ordered) + r")(?!\w)")


@settings(max_examples=300, deadline=None)
@given(st.lists(ALIAS, min_size=1, max_size=8, unique=True), st.lists(WORDS | st.sampled_from([" ", ",", "s"]), max_size=30))
def test_same_matches_as_sorted_alternation(aliases, pieces):
    text = " ".join(pieces) + " " + "".join(pieces)
    matcher = AliasMatcher([{"alias": a, "actor_id": f"a{i}"} for i, a in enumerate(aliases)])
    expected = [(m.span(), m[1]) for m in alternation(aliases).finditer(text)]
    assert [(m.span(), m[1]) for m in matcher.finditer(text)] == expected


def test_longest_alias_wins_and_words_are_whole():
    matcher = AliasMatcher([{"alias": a, "actor_id": a.lower()} for a in ("Trump", "Donald Trump", "Melania Trump")])
    found = [m[1] for m in matcher.finditer("Donald Trump, Melania Trump et Trumpland ; M. Trump.")]
    assert found == ["Donald Trump", "Melania Trump", "Trump"]


def test_no_aliases_finds_nothing():
    assert list(AliasMatcher([]).finditer("Donald Trump")) == []
