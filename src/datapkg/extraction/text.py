"""Cutting a source into blocks (lines or live-blog entries), headlines and sentences, keeping offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..sources import DATE_HINT

# "02/04/25 - 18:52 - " (the project's entry stamp) and the undated top entry of a live blog ("11:31 - ").
STAMP = re.compile(r"(?:(\d{2})/(\d{2})/(\d{2}) - )?(\d{2}):(\d{2}) - ")
QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"'}
# Words that are capitalised only when they open a sentence: a capitalised one inside a line starts a new
# sentence (live-blog entries glue their headline to the body without punctuation).
SENTENCE_OPENERS = {
    "le", "la", "les", "l", "un", "une", "des", "du", "de", "ce", "cet", "cette", "ces", "c", "il", "elle", "ils",
    "elles", "on", "pour", "selon", "après", "avant", "avant-hier", "hier", "aujourd", "jeudi", "lundi", "mardi",
    "mercredi", "vendredi", "samedi", "dimanche", "durant", "malgré", "accusant", "mais", "et", "alors", "dans",
    "depuis", "en", "au", "aux", "finalement", "toujours", "pendant", "lors", "par", "sur", "si", "toutefois",
}
_ABBREV = re.compile(r"(?:\b(?:M|Mme|MM|Dr|St|av|J\.-C|etc)|\b[A-Z])\.$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    headline: bool = False


@dataclass
class Block:
    """A line of the source (a paragraph), or a live-blog entry; `body` excludes the entry stamp."""

    start: int
    end: int
    body_start: int
    stamp: str | None = None  # "02/04/25 - 18:52" when the block is a dated live-blog entry
    undated_entry: bool = False
    sentences: list[Sentence] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)  # (open mark offset, close mark offset)


def quote_marks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Pairs of quotation marks in text[start:end]: « », “ ”, and straight quotes paired in order."""
    out: list[tuple[int, int]] = []
    i = start
    while i < end:
        ch = text[i]
        if ch in QUOTE_PAIRS:
            close = QUOTE_PAIRS[ch]
            j = text.find(close, i + 1, end)
            if j == -1:
                i += 1
                continue
            if ch == "«":  # a nested « » inside: take the matching outer close
                depth, k = 1, i + 1
                while k < end:
                    if text[k] == "«":
                        depth += 1
                    elif text[k] == "»":
                        depth -= 1
                        if depth == 0:
                            break
                    k += 1
                j = k if k < end else j
            out.append((i, j))
            i = j + 1
            continue
        i += 1
    return out


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in spans)


def _headline_end(text: str, start: int, end: int) -> int | None:
    """Where a live-blog entry's headline ends and its body begins (no punctuation separates them)."""
    quotes = quote_marks(text, start, end)
    for m in re.finditer(r"(?<=\S)\s+(?=\S)", text[start:end]):
        a, b = start + m.start(), start + m.end()
        prev = text[start:a].rsplit(None, 1)[-1]
        nxt = re.match(r"([«\"“]?)\s*([\w’'-]*)", text[b:end])
        opener, word = nxt[1], nxt[2]
        if not word or not word[0].isupper() or b - start < 12 or _inside(b, quotes):
            continue
        if prev.endswith((":", ",", ";", "«")):
            continue
        if prev.endswith(("?", "!")):
            return b
        head = re.split(r"[’']", word)[0].lower()
        if opener and not prev.endswith("."):
            return b
        if head in SENTENCE_OPENERS and not prev.endswith("."):
            return b
    return None


def split_sentences(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> list[Sentence]:
    """Sentences of text[start:end]; never cut inside a quotation."""
    out: list[Sentence] = []
    s = start
    while s < end and text[s].isspace():
        s += 1
    for m in re.finditer(r"[.!?…]+[»”\"]?(?=\s+[«\"“(]?\s?[A-ZÀÂÉÈÊÎÔÛÇ0-9])|[.!?…]+(?=[A-ZÀÂÉÈÊÎÔÛÇ(])", text[start:end]):
        cut = start + m.end()
        if _inside(cut - 1, [(a, b) for a, b in quotes]) or cut <= s:
            continue
        if _ABBREV.search(text[max(s, cut - 6):cut]):
            continue
        out.append(Sentence(s, cut))
        s = cut
        while s < end and text[s].isspace():
            s += 1
    if s < end:
        e = end
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Sentence(s, e))
    return out


def blocks(text: str, live_blog: bool) -> list[Block]:
    """The source's non-empty lines as blocks; in a live blog each stamped line is one entry whose headline
    (glued to the body) becomes a sentence of its own. The leading metadata token is skipped."""
    out: list[Block] = []
    hint = DATE_HINT.match(text)
    pos = hint.end() if hint else 0
    for m in re.finditer(r"[^\n]+", text):
        a, b = max(m.start(), pos), m.end()
        if b <= a or not text[a:b].strip():
            continue
        body = a
        stamp = None
        undated = False
        sm = STAMP.match(text, a) if live_blog else None
        if sm:
            body = sm.end()
            if sm[1]:
                stamp = text[a:sm.end() - 3]
            else:
                undated = True
        blk = Block(a, b, body, stamp, undated)
        blk.quotes = quote_marks(text, body, b)
        if sm:
            cut = _headline_end(text, body, b)
            if cut is not None:
                head_end = cut
                while head_end > body and text[head_end - 1].isspace():
                    head_end -= 1
                blk.sentences = [Sentence(body, head_end, headline=True),
                                 *split_sentences(text, cut, b, blk.quotes)]
            else:
                blk.sentences = split_sentences(text, body, b, blk.quotes)
        else:
            sents = split_sentences(text, body, b, blk.quotes)
            # A line without closing punctuation and short enough is a heading (title, section heading).
            if len(sents) == 1 and not re.search(r"[.!?…»”\"):]\s*$", text[a:b]) and b - a < 160:
                sents = [Sentence(sents[0].start, sents[0].end, headline=True)]
            blk.sentences = sents
        out.append(blk)
    return out


def is_live_blog(text: str) -> bool:
    """True when the text carries "DD/MM/YY - HH:MM - " entry stamps at line starts."""
    return len(re.findall(r"(?m)^\d{2}/\d{2}/\d{2} - \d{2}:\d{2} - ", text)) >= 2
