"""Statements: direct and partial quotations with their attribution, and attributed indirect speech."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .context import SourceContext
from .date_expressions import DateValue, FUTURE, find_dates
from .quotes import (END_INCISE, FINITE, OBJECT_VERBS, PASSIVE, POST_INCISE, SELON, SPEECH_VERB, Quote, clause_after,
                     quote_content, quote_type)
from .speakers import Discourse, Speaker, as_speaker, in_window, sentence_subject, subject_of
from .text import Block, Sentence

_NEXT_PASSIVE = re.compile(r"(?:Cette|Ces)\s+(?:déclarations?|propos|annonces?)\b[^.]*?\spar\s+(?P<np>[^.;]+)")


@dataclass
class StatementDraft:
    quote: tuple[int, int]
    quote_type: str
    speaker: Speaker | None
    evidence: tuple[int, int]
    channel: str = "unknown"
    reported_via: str | None = None
    date: DateValue | None = None
    date_from_entry: bool = False
    block: int = 0
    cue: str = ""


def _channel(ctx: SourceContext, a: int, b: int, quote: tuple[int, int]) -> tuple[str, str | None]:
    """The channel and reported-via actor the sentence names outside the quotation."""
    seg = ctx.text[a:quote[0]] + " " * (quote[1] - quote[0]) + ctx.text[quote[1]:b]
    via = None
    m = re.search(r"(?:auprès\s+de|à)\s+(?:l[’']agence\s+|la\s+chaîne\s+\w+\s+)?(?P<np>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)", seg)
    if m:
        r = [r for r in ctx.refs_in(a + m.start("np"), a + m.end("np")) if ctx.actor_type(r.actor_id) == "media"]
        via = r[0].actor_id if r else None
    rules = [(r"conférence de presse", "press_conference"), (r"aux journalistes|devant la presse|à la presse", "remarks_to_press"),
             (r"Truth Social", "truth_social"), (r"(?<!\w)sur X(?!\w)", "x"), (r"réseaux sociaux", "social_media"),
             (r"\binterview\b", "interview"), (r"communiqué", "official_statement"), (r"\b(?:discours|allocution)\b", "speech")]
    for pat, ch in rules:
        if re.search(pat, seg):
            return ch, via
    if via:
        return "press_report", via
    return "unknown", via


def _media(ctx: SourceContext, s: Speaker | None) -> bool:
    return bool(s and ctx.actor_type(s.actor_id) == "media")


class _Extractor:
    def __init__(self, ctx: SourceContext):
        self.ctx = ctx
        self.out: list[StatementDraft] = []
        self.discourse = Discourse()

    # -- helpers -------------------------------------------------------------------------------------------
    def _quotes(self, block: Block, sent: Sentence) -> list[Quote]:
        qs = []
        for o, c in block.quotes:
            if sent.start <= o and c < sent.end:
                a, b = quote_content(self.ctx.text, o, c)
                if b > a:
                    qs.append(Quote(o, c, a, b))
        return qs

    def _add(self, block_i: int, block: Block, sent: Sentence, span: tuple[int, int], qtype: str,
             speakers: list[Speaker], cue: tuple[int, int], cue_name: str, via: str | None = None,
             evidence_from: int | None = None) -> None:
        if self.ctx.is_excluded(span[0], span[1]):
            return
        lo = min(sent.start, evidence_from if evidence_from is not None else sent.start)
        channel, via2 = _channel(self.ctx, sent.start, sent.end, span)
        if channel == "unknown" and re.match(r"\s*[Ss]elon\s+(?:Moscou|le\s+Kremlin)", self.ctx.text[sent.start:sent.end]) \
                and speakers and speakers[0].kind in ("name", "title"):
            channel = "readout"
        for sp in speakers or [None]:
            if sp is not None and sp.actor_id is None and sp.kind == "pronoun":
                sp = None
            d = StatementDraft(span, qtype, sp, (lo, sent.end), channel, via or via2, block=block_i, cue=cue_name)
            self._date(d, block, sent, cue)
            self.out.append(d)
            if sp is not None:
                self.discourse.spoke(sp)

    def _date(self, d: StatementDraft, block: Block, sent: Sentence, cue: tuple[int, int]) -> None:
        ctx = self.ctx
        ref = ctx.ref_date(block)
        inside = [(q[0], q[1]) for q in block.quotes] + [d.quote] + [p.quote for p in self.out if p.block == d.block]
        dates = [v for v in find_dates(ctx.text, sent.start, sent.end, ref, ctx.year_hint)
                 if not any(a <= v.span[0] < b for a, b in inside) and not ctx.is_excluded(*v.span)]
        if dates:
            d.date = min(dates, key=lambda v: min(abs(v.span[0] - cue[1]), abs(v.span[1] - cue[0])))
            return
        same = [p for p in reversed(self.out) if p.speaker and d.speaker and p.speaker.actor_id == d.speaker.actor_id
                and p.date is not None and p is not d
                and (p.block == d.block if ctx.live_blog else d.block - p.block <= 3)]
        if same and same[0].date.span is not None and not same[0].date_from_entry:
            prev = same[0]
            d.date = prev.date
            d.evidence = (min(d.evidence[0], prev.evidence[0]), d.evidence[1])
            return
        if block.stamp and ref is not None:
            d.date = DateValue(ref, ref, "day", "relative", (block.start, block.start + len(block.stamp)), block.stamp)
            d.date_from_entry = True

    # -- cues ----------------------------------------------------------------------------------------------
    def _post_incise(self, q: Quote, sent: Sentence) -> tuple[list[Speaker], tuple[int, int]] | None:
        ctx = self.ctx
        m = POST_INCISE.match(ctx.text, q.close + 1, sent.end)
        if not m:
            return None
        pron = m["pron1"] or m["pron2"]
        if pron:
            if pron == "on":
                via = [p.reported_via for p in self.out if p.reported_via and p.block == self._block_i]
                return ([Speaker(via[-1], None, None, False, "org")] if via else []), (m.start(), m.end())
            s = self.discourse.resolve(pron, (m.start("pron1" if m["pron1"] else "pron2"),
                                              m.end("pron1" if m["pron1"] else "pron2")))
            return ([s] if s else []), (m.start(), m.end())
        s = in_window(ctx, m.end(), sent.end, self.discourse)
        return ([s] if s else []), (m.start(), m.end())

    def _end_incise(self, sent: Sentence) -> tuple[list[Speaker], tuple[int, int], int] | None:
        ctx = self.ctx
        for m in END_INCISE.finditer(ctx.text, sent.start, sent.end):
            pron = m["pron1"] or m["pron2"]
            if pron:
                if pron == "on":
                    subj = sentence_subject(ctx, sent.start, m.start())
                    return ([subj] if subj and subj.kind == "anonymous" else []), (m.start(), m.end()), m.start()
                s = self.discourse.resolve(pron, (m.start(), m.end()))
                return ([s] if s else []), (m.start(), m.end()), m.start()
            s = in_window(ctx, m.end(), min(sent.end, m.end() + 120), self.discourse)
            if s is not None:
                return [s], (m.start(), m.end()), m.start()
        return None

    def _verb(self, sent: Sentence, before: int) -> tuple[list[Speaker], re.Match] | None:
        """The last speech verb before `before` that has a subject."""
        ctx = self.ctx
        best = None
        for m in SPEECH_VERB.finditer(ctx.text, sent.start, before):
            if m["ppres"]:
                subj = subject_of(ctx, sent.start, m.start(), self.discourse) or \
                    self._main_subject(sent, m.start())
            else:
                subj = subject_of(ctx, sent.start, m.start(), self.discourse)
            if subj:
                best = (subj, m)
        return best

    def _main_subject(self, sent: Sentence, before: int) -> list[Speaker]:
        """The subject of a present participle ("affirmant", "ajoutant"): the main clause's subject, else the
        speaker already found in this sentence."""
        for m in re.finditer(r"(?<!\w)(?:a|ont|avait|s[’']est)\s", self.ctx.text[sent.start:sent.end]):
            if sent.start + m.start() == before:
                continue
            subj = subject_of(self.ctx, sent.start, sent.start + m.start(), self.discourse)
            if subj:
                return subj
        same = [p.speaker for p in self.out if p.speaker and sent.start <= p.evidence[1] and p.quote[0] >= sent.start
                and p.quote[1] <= sent.end]
        return [same[-1]] if same else []

    def _selon(self, sent: Sentence) -> list[tuple[re.Match, Speaker | None]]:
        out = []
        for m in SELON.finditer(self.ctx.text, sent.start, sent.end):
            s = None
            if m["np"].strip() in ("lui", "elle") and self.ctx.text[sent.start:m.start()].strip():
                near = [r for r in self.ctx.refs_in(sent.start, m.start()) if r.kind in ("person", "title") and r.actor_id]
                if near:
                    s = as_speaker(self.ctx, near[-1])
            out.append((m, s or in_window(self.ctx, m.start("np"), m.end("np"), self.discourse)))
        return out

    # -- main ----------------------------------------------------------------------------------------------
    def run(self) -> list[StatementDraft]:
        ctx = self.ctx
        for bi, block in enumerate(ctx.blocks):
            if ctx.live_blog and (block.stamp or block.undated_entry):
                self.discourse.reset()
            if ctx.is_excluded(block.start, block.end) and ctx.text[block.start:block.end].strip() in \
                    "".join(ctx.text[a:b] for a, b in ctx.excluded):
                continue
            prev_had_statement = False
            pending: list[Quote] = []
            for sent in block.sentences:
                n_before = len(self.out)
                if not sent.headline and not ctx.is_excluded(sent.start, sent.end):
                    self._sentence(bi, block, sent, prev_had_statement, pending)
                subj = sentence_subject(ctx, sent.start, sent.end)
                if subj is not None:
                    self.discourse.subjects.append(subj)
                prev_had_statement = len(self.out) > n_before
        return self.out

    def _sentence(self, bi: int, block: Block, sent: Sentence, prev_had: bool, pending: list[Quote]) -> None:
        ctx = self.ctx
        self._block_i = bi
        text = ctx.text
        quotes = self._quotes(block, sent)
        # A quotation attributed in the next sentence ("Cette déclaration ... a été prononcée par X").
        m = _NEXT_PASSIVE.match(text, sent.start, sent.end)
        if m and pending:
            s = in_window(ctx, m.start("np"), m.end("np"), self.discourse)
            if s:
                for q in pending:
                    self._add(bi, block, sent, (q.start, q.end), quote_type(text, q.start, q.end), [s],
                              (m.start("np"), m.end("np")), "next-passive", evidence_from=q.open)
            pending.clear()
        pending.clear()
        selon = self._selon(sent)
        end_incise = self._end_incise(sent)
        handled: set[Quote] = set()
        for i, q in enumerate(quotes):
            qtype = quote_type(text, q.start, q.end)
            speakers: list[Speaker] | None = None
            cue = (q.close, q.close)
            name = ""
            via = None
            post = self._post_incise(q, sent)
            passive = next((p for p in PASSIVE.finditer(text, sent.start, sent.end)
                            if p.start() <= q.open < p.start("np")), None)
            if post:
                speakers, cue, name = post[0], post[1], "incise"
                for prev_q in quotes[:i]:  # « ... » et « ... », a écrit X: the incise covers earlier fragments
                    if prev_q not in handled and qtype == "partial" and quote_type(text, prev_q.start, prev_q.end) == "partial":
                        self._add(bi, block, sent, (prev_q.start, prev_q.end), "partial", speakers, cue, "incise")
                        handled.add(prev_q)
            elif passive:
                s = in_window(ctx, passive.start("np"), passive.end("np"), self.discourse)
                speakers, cue, name = ([s] if s else []), (passive.start("np"), passive.end("np")), "passive"
            else:
                verb = self._verb(sent, q.open)
                sel = next(((m, s) for m, s in selon), None)
                if verb:
                    speakers, cue, name = verb[0], (verb[1].start(), verb[1].end()), "verb"
                    if sel and sel[1] and sel[1].actor_id != speakers[0].actor_id:
                        via = sel[1].actor_id if ctx.actor_type(sel[1].actor_id) in ("media", "state", "government_body") else None
                elif sel and sel[1] is not None:
                    speakers, cue, name = [sel[1]], (sel[0].start(), sel[0].end()), "selon"
                elif end_incise and end_incise[2] > q.close:
                    speakers, cue, name = end_incise[0], end_incise[1], "end-incise"
                elif qtype == "direct" and prev_had and self.discourse.speakers and \
                        q.end - q.start >= 0.6 * (sent.end - sent.start):
                    speakers, cue, name = [self.discourse.speakers[-1]], (q.open, q.open), "continuation"
            if speakers is None:
                pending.append(q)
                continue
            if q in handled:
                continue
            handled.add(q)
            self._add(bi, block, sent, (q.start, q.end), qtype, speakers, cue, name, via)
        self._indirect(bi, block, sent, quotes, selon, end_incise)

    def _indirect(self, bi: int, block: Block, sent: Sentence, quotes: list[Quote], selon, end_incise) -> None:
        ctx = self.ctx
        text = ctx.text
        taken = [s.quote for s in self.out if s.block == bi]

        def free(a: int, b: int) -> bool:
            return not any(q.open < b and a < q.close for q in quotes) and not any(x < b and a < y for x, y in taken)

        done = False
        for m in SPEECH_VERB.finditer(text, sent.start, sent.end):
            if any(q.open < m.start() < q.close for q in quotes) or not free(m.start(), m.end()):
                continue
            coordinated = re.search(r",\s+(?:mais|et)\s+$", text[sent.start:m.start()])
            same = [p.speaker for p in self.out if p.speaker and sent.start <= p.quote[0] < sent.end]
            if coordinated and same:
                subj = [same[-1]]
            else:
                subj = subject_of(ctx, sent.start, m.start(), self.discourse)
            if m["ppres"] and not subj:
                subj = self._main_subject(sent, m.start())
            if not subj:
                continue
            verb = (m["part"] or m["pres"] or m["ppres"] or "").lower()
            rest = text[m.end():sent.end]
            dm = re.match(r"(?:\s+(?:ce\s+|cette\s+)?(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)(?:\s+soir)?"
                          r"|\s+(?:hier|aujourd[’']hui|en\s+\w+|pour\s+l[’']heure|à\s+plusieurs\s+reprises"
                          r"|convaincue?s?|persuadée?s?|certaine?s?|sûre?s?"
                          r"|auprès\s+de\s+[^,]*?(?=\s+qu)|à\s+\w+(?=\s+qu)|,\s+[^,]+,))*", rest)
            pos = m.end() + dm.end()
            nxt = text[pos:sent.end]
            clause = None
            if re.match(r"\s+qu(?:e\s|[’'])", nxt):
                clause = clause_after(text, pos + 1, sent.end, quotes)
            elif re.match(r"\s+(?:avoir|être|porter|vouloir|ne\s+pas|\w+er\s)", nxt) and verb in (
                    "déclaré", "annoncé", "indiqué", "affirmé", "assuré", "annonce", "indique", "affirme"):
                clause = clause_after(text, pos + 1, sent.end, quotes)
            elif (verb in OBJECT_VERBS or m["ppres"] and verb not in ("accusant",)) and re.match(
                    r"\s+(?:sur\s+)?(?:l[ae]s?\s|l[’']|son\s|sa\s|ses\s|leur|une?\s)", nxt):
                start = pos + len(re.match(r"\s+(?:sur\s+)?", nxt)[0])
                clause = clause_after(text, start, sent.end, quotes)
                if clause:
                    cut = text.find(",", clause[0], clause[1])
                    clause = (clause[0], cut) if cut != -1 else clause
            if clause and free(*clause):
                self._add(bi, block, sent, clause, "indirect", subj, (m.start(), m.end()), "indirect-verb")
                taken.append(clause)
                done = True
        if done:
            return
        if end_incise and not quotes:
            a = sent.start
            clause = (a, end_incise[2])
            if end_incise[0] and free(*clause) and clause[1] - clause[0] > 15:
                self._add(bi, block, sent, clause, "indirect", end_incise[0], end_incise[1], "indirect-incise")
                return
        for m, s in selon:
            if s is None or s.actor_id is None:
                continue
            after = re.match(r"\s*,\s*", text[m.end():sent.end])
            tail = text[m.end() + (after.end() if after else 0):sent.end]
            if after and tail[:1].islower() and not FINITE.search(tail):
                after = None  # "..., selon X, porte-parole de ...": an apposition, the clause comes before
            if after:
                a = m.end() + after.end()
                clause = clause_after(text, a, sent.end, quotes)
            else:
                lo = sent.start
                pre = text[lo:m.start()].rstrip(", ")
                clause = (lo, lo + len(pre)) if len(pre) > 15 else None
            if clause and free(*clause):
                self._add(bi, block, sent, clause, "indirect", [s], (m.start(), m.end()), "indirect-selon")
                return


def extract_statements(ctx: SourceContext) -> list[StatementDraft]:
    return _Extractor(ctx).run()
