"""Lines that are not reporting: captions and photo credits, navigation, teasers and page boilerplate
(newsletter, notification and account boxes, cookie and copyright lines). Heuristics on each line."""

from __future__ import annotations

import re

from .text import Block

_NAVIGATION = [
    re.compile(r"^En direct$"), re.compile(r"^Home\s"), re.compile(r"^Accueil\s"), re.compile(r"^You may also like$"),
    re.compile(r"^(?:À|A) lire aussi"), re.compile(r"^Lire aussi"), re.compile(r"^\d+\s+min(?:utes?)? de lecture$"),
    re.compile(r"^-?\s*\d{1,2}m\d{2}s$"), re.compile(r"^Archives du mot-clé"), re.compile(r"^Partager"),
    re.compile(r"^(?:[^|\n]+\|){3,}[^|\n]+$"),  # tag lists "A | B | C | D"
]
_BOILERPLATE = re.compile(
    r"newsletter|notification|navigateur|Cliquez sur|Bienvenue sur|Rejoignez|Je crée mon compte|désabonner|cookies?\b"
    r"|Tous droits réservés|Droits d[’']auteur|©|Leave a Comment|Laisser un commentaire|Abonnez-vous|S'abonner"
    r"|Je m'abonne|Se connecter|Publicité", re.I)
_CREDIT = re.compile(r"^(?:Crédits?|Photo|Image|Source photo)\s*:", re.I)
_CAPTION_CUE = re.compile(r"photographié|^(?:À|A) (?:gauche|droite)|^Ci-dessus|\blors d[’']une?\b|\bdevant\b|\bposent?\b")
_CAPTION_DATE = re.compile(r",\s+(?:le\s+\d{1,2}(?:er)?\s+\w+\s+\d{4}|en\s+\d{4})\.?$")
_FINITE = re.compile(r"(?<!\w)(?:a|ont|est|sont|était|étaient|avait|avaient|sera|seront|fait|font|va|vont|doit|"
                     r"peut|veut|dit|s[’']est)(?!\w)|\w(?:ait|aient|era|eront|ons)(?!\w)")
_MEDIA_PREFIX = re.compile(r"^(?:Fichier vidéo|Vidéo|VIDÉO|Photo|PHOTO)(?=\s+[A-ZÀ-Ý])")


def _reason(line: str, headline: bool, tag_archive: bool) -> str | None:
    s = line.strip()
    if not s:
        return None
    if s.startswith("Lire la suite"):
        return "teaser"
    if any(p.search(s) for p in _NAVIGATION):
        return "navigation"
    if len(s) < 400 and _BOILERPLATE.search(s):
        return "boilerplate"
    if _CREDIT.search(s):
        return "caption"
    one_sentence = len(re.findall(r"[.!?](?:\s|$)", s)) <= 1
    if one_sentence and len(s) < 300 and '"' not in s and "«" not in s:
        if _CAPTION_DATE.search(s) and not _FINITE.search(s.split(",")[0]):
            return "caption"
        if _CAPTION_CUE.search(s) and not _FINITE.search(s):
            return "caption"
    if tag_archive and headline and " : " in s[:40]:
        return "teaser"
    return None


def not_reporting(text: str, blks: list[Block], tag_archive: bool) -> list[tuple[int, int, str]]:
    """(start, end, reason) spans, each unique in the text; consecutive lines of one reason are merged."""
    marks: list[tuple[int, int, str]] = []
    seen_lines: set[str] = set()
    for b in blks:
        line = text[b.start:b.end]
        headline = len(b.sentences) == 1 and b.sentences[0].headline
        reason = _reason(line, headline, tag_archive)
        if reason is None and headline and line.strip() in seen_lines:
            reason = "navigation"  # the page repeats its title (breadcrumbs, share boxes)
        if reason is None:
            m = _MEDIA_PREFIX.match(line)
            if m:
                marks.append((b.start, b.start + m.end(), "caption"))
        else:
            marks.append((b.start, b.end, reason))
        seen_lines.add(line.strip())
    # A one-word line right after a navigation line belongs to it (a category under a repeated title).
    merged: list[tuple[int, int, str]] = []
    for a, e, r in marks:
        if merged:
            pa, pe, pr = merged[-1]
            between = text[pe:a]
            if between.strip() == "" and between.count("\n") <= 1 and pr == r:
                merged[-1] = (pa, e, r)
                continue
        merged.append((a, e, r))
    for blk in blks:  # a lone short word after a repeated title ("France")
        s = text[blk.start:blk.end].strip()
        if merged and re.fullmatch(r"[A-ZÀ-Ý][\w-]+", s):
            for i, (a, e, r) in enumerate(merged):
                if r == "navigation" and text[e:blk.start].strip() == "" and text[e:blk.start].count("\n") == 1:
                    merged[i] = (a, blk.end, r)
    out = []
    for a, e, r in merged:
        while text.count(text[a:e]) > 1:
            nxt = text.find("\n", e + 1)
            if nxt == -1 or e >= len(text):
                break
            e = nxt
        if text.count(text[a:e]) == 1:
            out.append((a, e, r))
    return out
