"""Who speaks: the actor a window of text names or describes, the subject of a speech verb, and pronouns
("a-t-il ajouté", "Elle réclame", "selon lui") resolved to the last compatible named speaker or subject."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .context import SourceContext
from .references import Ref

_SUBJECT_OPENERS = {"que", "qu", "et", "mais", "puis", "donc", "enfin", "car", "ensuite", "toutefois", "hier",
                    "aujourd’hui", "aujourd'hui", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
                    "dimanche", "si", "lorsque", "quand", "alors"}
_PRONOUNS = {"il": ("m", False), "elle": ("f", False), "ils": (None, True), "elles": ("f", True), "lui": ("m", False),
             "eux": (None, True), "on": (None, False)}


@dataclass(frozen=True)
class Speaker:
    actor_id: str | None
    span: tuple[int, int] | None  # the words designating the speaker
    gender: str | None = None
    plural: bool = False
    kind: str = "name"


@dataclass
class Discourse:
    """Who spoke last and what the recent sentences were about; reset at each live-blog entry."""

    speakers: list[Speaker] = field(default_factory=list)
    subjects: list[Speaker] = field(default_factory=list)

    def reset(self) -> None:
        self.speakers.clear()
        self.subjects.clear()

    def spoke(self, s: Speaker) -> None:
        if s.actor_id:
            self.speakers.append(s)

    def resolve(self, pronoun: str, span: tuple[int, int]) -> Speaker | None:
        gender, plural = _PRONOUNS.get(pronoun.lower(), (None, False))
        if pronoun.lower() == "on":
            return None

        def fits(s: Speaker) -> bool:
            if plural != s.plural:
                return False
            return gender is None or s.gender is None and gender == "m" or s.gender == gender

        for pool in (self.speakers, self.subjects):
            for s in reversed(pool):
                if fits(s):
                    return Speaker(s.actor_id, span, s.gender, s.plural, "pronoun")
        if gender == "f":  # no feminine antecedent known: the last speaker
            for s in reversed(self.speakers):
                if not s.plural:
                    return Speaker(s.actor_id, span, s.gender, s.plural, "pronoun")
        return None


def gender_of(ctx: SourceContext, r: Ref) -> str | None:
    if r.gender:
        return r.gender
    before = ctx.text[max(0, r.start - 60):r.start]
    if re.search(r"(?<!\w)[Ll]a\s+\w+(?:\s+[\w’']+){0,4},\s*$", before) or re.search(r"(?<!\w)Mme\.?\s*$", before):
        return "f"
    return None


def as_speaker(ctx: SourceContext, r: Ref) -> Speaker:
    kind = {"person": "name", "title": "title", "anonymous": "anonymous"}.get(r.kind, "org")
    return Speaker(r.actor_id, (r.start, r.end), gender_of(ctx, r), r.plural, kind)


def in_window(ctx: SourceContext, start: int, end: int, discourse: Discourse) -> Speaker | None:
    """The speaker named first in text[start:end]: a reference, or a pronoun ("lui", "elle")."""
    refs = ctx.refs_in(start, end)
    pron = re.match(r"\s*(lui|elle|eux|il)(?!\w)", ctx.text[start:end])
    if pron:
        return discourse.resolve(pron[1], (start + pron.start(1), start + pron.end(1)))
    if refs:
        return as_speaker(ctx, refs[0])
    return None


def _opens_subject(ctx: SourceContext, sent_start: int, pos: int) -> bool:
    before = ctx.text[sent_start:pos].rstrip()
    before = re.sub(r"(?:(?<!\w)(?:[Ll]e|[Ll]a|[Ll]es)\s*|(?<!\w)[Ll][’'])$", "", before).rstrip()
    if not before:
        return True
    if before[-1] in ",:;(«\"":
        return True
    if re.search(r"(?:^|[,:;]\s*|(?<!\w)(?:que|qu[’']|et|mais)\s*)(?:[Ll]e|[Ll]a|[Ll]es|[Ll][’'])\s*"
                 r"[a-zà-ÿ][a-zà-ÿ\s’'-]*$", ctx.text[sent_start:pos]):
        return True  # the head of a described noun phrase: "le président Volodymyr Zelensky"
    word = re.split(r"[\s’']", before)[-1].lower()
    if word == "et":  # "X et Y ont confirmé": Y is a subject when X is
        prev = [r for r in ctx.refs_in(sent_start, pos) if r.end <= pos - 3]
        return bool(prev) and re.fullmatch(r"\s+et\s+", ctx.text[prev[-1].end:pos]) is not None \
            and _opens_subject(ctx, sent_start, prev[-1].start)
    return word in _SUBJECT_OPENERS


def subject_of(ctx: SourceContext, sent_start: int, verb_start: int, discourse: Discourse) -> list[Speaker]:
    """The subject of the verb at verb_start: the nearest actor reference before it in subject position
    (people first), a coordinated pair ("Poutine et Trump"), or a subject pronoun."""
    gap = ctx.text[sent_start:verb_start]
    rel = re.search(r"(?<!\w)qui\s+(?:\w+\s+){0,2}$", gap)
    if rel:  # "Donald Trump qui a confirmé": the antecedent speaks
        ante = [r for r in ctx.refs_in(sent_start, sent_start + rel.start()) if r.actor_id]
        if ante and re.fullmatch(r",?\s*", ctx.text[ante[-1].end:sent_start + rel.start()]):
            return [as_speaker(ctx, ante[-1])]
        return []
    pron = re.search(r"(?<!\w)(Il|Elle|Ils|Elles|il|elle|ils|elles)\s+(?:[nN][’']\s*)?(?:\w+\s+){0,3}$", gap)
    refs = [r for r in ctx.refs_in(sent_start, verb_start) if r.actor_id or r.kind in ("title", "anonymous")]
    refs = [r for r in refs if _opens_subject(ctx, sent_start, r.start)]
    if pron and (not refs or refs[-1].end <= sent_start + pron.start()):
        s = discourse.resolve(pron[1], (sent_start + pron.start(1), sent_start + pron.end(1)))
        return [s] if s else []
    if not refs:
        return []
    chosen = refs[-1]
    out = [as_speaker(ctx, chosen)]
    # "Poutine et Trump ont confirmé": both speak.
    prev = [r for r in ctx.refs_in(sent_start, chosen.start) if r.end <= chosen.start]
    if prev and re.fullmatch(r"\s+et\s+", ctx.text[prev[-1].end:chosen.start]) and prev[-1].kind == chosen.kind:
        out.insert(0, as_speaker(ctx, prev[-1]))
    # between the subject and the verb only an apposition, adverbs or a date may stand
    between = ctx.text[chosen.end:verb_start]
    if re.search(r"(?<!\w)(?:que|qu[’']|qui)(?!\w)", between):
        return []
    return out


def sentence_subject(ctx: SourceContext, sent_start: int, sent_end: int) -> Speaker | None:
    """The first actor reference in subject position in a sentence, for pronouns in later sentences."""
    for r in ctx.refs_in(sent_start, sent_end):
        if r.actor_id and _opens_subject(ctx, sent_start, r.start):
            return as_speaker(ctx, r)
    return None
