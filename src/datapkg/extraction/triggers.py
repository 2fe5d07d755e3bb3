"""Candidate events and sanction measures from trigger phrases ("s'est entretenu", "appel téléphonique",
"sommet", "ultimatum", "droits de douane", "levé les sanctions" ...), each with its evidence sentence, the
actors of that sentence as participants, and the date the sentence gives."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .context import SourceContext
from .date_expressions import FUTURE, DateValue, find_dates
from .text import Block, Sentence

EVENT_TRIGGERS: tuple[tuple[str, re.Pattern], ...] = tuple((t, re.compile(p, re.I)) for t, p in (
    ("phone_call", r"appels?\s+(?:téléphonique|avec)|au\s+téléphone|entretien\s+téléphonique|échange\s+téléphonique"
                   r"|conversation\s+téléphonique|parler\s+avec"),
    ("prisoner_exchange", r"échanges?\s+de\s+prisonniers"),
    ("ultimatum", r"ultimatum|date\s+limite"),
    ("summit", r"sommets?\b|rencontre\s+à\s+trois|réunion\s+tripartite"),
    ("meeting", r"rencontr\w+|réunions?\b|s[’']entreten\w+|s[’']est\s+(?:\w+\s+)?entretenu|s[’']asseoir\s+avec"
                r"|face-à-face|recevoir\b|(?:a|ont)\s+reçu\b|entretien\b(?!\s+téléphonique)|discussions\s+entre"),
    ("visit", r"visites?\b|se\s+rendre|s[’'](?:était|est)\s+rendu|déplacement\s+à\s+l[’']étranger|voyage\b"),
    ("negotiation_round", r"pourparlers|rondes?\s+de\s+négociations|processus\s+de\s+négociation|discussions\s+sur"),
    ("agreement", r"signature\s+d[’']un\s+accord|accord\s+(?:de\s+production|stratégique)|moratoire\s+sur\s+les\s+frappes"
                  r"|proposition\s+de\s+cessez-le-feu"),
    ("military_aid", r"fournir\s+à\s+(?:l[’']Ukraine|Kiev|Kyiv)|fournir\s+à\s+Kyiv"),
    ("military_posture", r"sous-marins\s+nucléaires|moratoire\s+auto-imposé|déployer\s+de\s+telles\s+armes"),
    ("attack", r"\boffensive\b|\binvasion\b|\bbombardements?\b|\bfrappes\s+contre|attaques\s+par|flambée\s+de\s+violence"),
))
_HEAD_OF_STATE = re.compile(r"^President of ")
_OCCURRED = re.compile(r"(?<!\w)(?:a|ont|avait|avaient)\s+(?:\w+\s+){0,2}(?:rencontré|reçu|eu\s+lieu|signé|duré|débouché|"
                       r"intensifié|ordonné|annoncé\s+la\s+fin)|s[’'](?:est|était)\s+(?:\w+\s+){0,2}(?:entretenu|rendu)"
                       r"|(?<!\w)(?:fait\s+suite|intervient|a\s+mis\s+en\s+lumière)", re.I)
_STATUS = (("rejected", re.compile(r"écart\w+|n[’']envisage\s+pas|rejet\w+", re.I)),
           ("denied", re.compile(r"aucune?\s+\w+[^.]{0,60}n[’']y\s+était\s+prévue|démenti|n[’']a\s+pas\s+de\s+tels\s+plans", re.I)),
           ("proposed", re.compile(r"propos\w+|insist\w+|nécessité|veut\s+rencontrer", re.I)),
           ("planned", re.compile(r"prévue?s?|devrait|rencontrera|organiser|à\s+venir|prochain\w*|s[’']entretiendr\w+"
                                  r"|vont|allait|envisage\w*|doit|dans\s+les\s+deux", re.I)),
           ("possible", re.compile(r"possible|pourrait|envisageable", re.I)))
_ROLES = {"visit": ("visitor", "host"), "attack": ("initiator", "target"), "ultimatum": ("initiator", "target"),
          "military_aid": ("initiator", "beneficiary"), "military_posture": ("initiator", "target")}

MEASURE_TRIGGERS: tuple[tuple[str, re.Pattern], ...] = tuple((t, re.compile(p, re.I)) for t, p in (
    ("relief", r"lev(?:é|ée|er)\s+(?:temporairement\s+)?(?:les|des)\s+sanctions|levée\s+des\s+sanctions"),
    ("tariff", r"droits\s+de\s+douane|mesures\s+tarifaires|taxes\s+sur"),
    ("secondary", r"sanctions\s+secondaires"),
    ("sanctions", r"\bsanctions\b"),
))
_M_STATUS = (("rejected", re.compile(r"opposition\s+à|refus\w*|rejet\w*", re.I)),
             ("lifted", re.compile(r"(?:a|ont)\s+(?:\w+\s+)?levé|levée\s+temporaire", re.I)),
             ("demanded", re.compile(r"appel\w*\s+[^.]{0,60}\b(?:à|de)\s+(?:renforcer|accroître|augmenter)|réclam\w+|exhort\w+", re.I)),
             ("threatened", re.compile(r"menac\w+|sous\s+peine|je\s+vais\s+imposer|\bsi\s+(?:la|elle)\b", re.I)),
             ("considered", re.compile(r"étudi\w+|discut\w+|envisag\w+|examin\w+", re.I)),
             ("announced", re.compile(r"annonc\w+|devaient\s+encore\s+être\s+mises\s+en\s+œuvre", re.I)),
             ("imposed", re.compile(r"nouvelles\s+sanctions\s+\w+\s+visant|imposées?\b|dénonce\s+les\s+sanctions", re.I)))


@dataclass
class EventDraft:
    event_type: str
    status: str
    participants: list[tuple[str, str]]
    date: DateValue | None
    evidence: list[tuple[int, int]]
    trigger: str = ""


@dataclass
class MeasureDraft:
    measure_type: str
    status: str
    imposer: str | None
    target: str | None
    pressure_on: str | None
    sector: str | None
    date: DateValue | None
    evidence: list[tuple[int, int]]
    evidence_level: str = "reporting"
    rate_prior: float | None = None
    rate_new: float | None = None
    rate_min: float | None = None
    rate_max: float | None = None
    trigger: str = ""


def _sentences(ctx: SourceContext):
    for bi, block in enumerate(ctx.blocks):
        for s in block.sentences:
            if not ctx.is_excluded(s.start, s.end):
                yield bi, block, s


def _attribution_spans(ctx: SourceContext, s: Sentence) -> list[tuple[int, int]]:
    """Where a sentence names who speaks ("a annoncé le conseiller ..., Iouri Ouchakov", "selon Reuters"):
    those actors are not participants."""
    text = ctx.text[s.start:s.end]
    spans = []
    for m in re.finditer(r"(?:,\s*|»\s*|\"\s*)(?:a|ont)(?:-t-\w+)?\s+(?:\w+\s+)?(?:annoncé|déclaré|indiqué|précisé|poursuivi|"
                         r"souligné|ajouté|assuré)\s+[^,.;]*(?:,\s*[A-Z][^,.;]*)?|[Ss]elon\s+[^,.;]+|auprès\s+de\s+[^,.;]+"
                         r"|confirmant\s+les\s+informations\s+de\s+\w+", text):
        spans.append((s.start + m.start(), s.start + m.end()))
    return spans


def _date(ctx: SourceContext, block: Block, s: Sentence, at: int) -> DateValue | None:
    text = ctx.text[s.start:s.end]
    future = bool(FUTURE.search(text))
    quotes = [(a, b) for a, b in block.quotes]
    ds = [d for d in find_dates(ctx.text, s.start, s.end, ctx.ref_date(block), ctx.year_hint, future)
          if not any(a < d.span[0] < b for a, b in quotes)]
    que = re.search(r"(?<!\w)qu(?:e\s|[’'])", ctx.text[s.start:at])
    if que:  # the trigger is inside a reported clause: its own date words are after "que"
        ds = [d for d in ds if d.span[0] > s.start + que.start()] or []
    if not ds:
        return None
    return min(ds, key=lambda d: abs(d.span[0] - at))


def extract_events(ctx: SourceContext) -> list[EventDraft]:
    out: list[EventDraft] = []
    for bi, block, s in _sentences(ctx):
        text = ctx.text[s.start:s.end]
        found: dict[str, re.Match] = {}
        for etype, pat in EVENT_TRIGGERS:
            m = pat.search(text)
            if m and not any(m.start() < x.end() and x.start() < m.end() for x in found.values()):
                found[etype] = m
        if "phone_call" in found:
            found.pop("meeting", None)
        if "summit" in found:
            found.pop("meeting", None)
        skip = _attribution_spans(ctx, s)
        actors = []
        refs = [r for r in ctx.refs_in(s.start, s.end) if r.actor_id and not any(a <= r.start < b for a, b in skip)]
        if sum(1 for r in refs if ctx.actor_type(r.actor_id) == "person") >= 2:
            refs = [r for r in refs if ctx.actor_type(r.actor_id) == "person"]  # states there are places or topics
        refs = [r for r in refs if r.kind != "capital"]
        for r in refs:
            if ctx.actor_type(r.actor_id) in ("media", "anonymous", None, "TODO"):
                continue
            if r.actor_id not in actors:
                actors.append(r.actor_id)
        if not actors:
            continue
        for etype, m in found.items():
            at = s.start + m.start()
            kind = etype
            heads = [a for a in actors if ctx.registry.get(a) and _HEAD_OF_STATE.search(ctx.registry.get(a).role_title or "")]
            if kind == "meeting" and len(heads) >= 2:
                kind = "summit"
            status = "occurred" if _OCCURRED.search(text) else "announced"
            for st, pat in _STATUS:
                if pat.search(text) and not (status == "occurred" and st in ("planned", "possible")):
                    status = st
                    break
            first, other = _ROLES.get(kind, ("counterpart", "counterpart") if kind in ("meeting", "summit", "phone_call")
                                      else ("participant", "participant"))
            parts = [(a, first if i == 0 else other) for i, a in enumerate(actors)]
            out.append(EventDraft(kind, status, parts, _date(ctx, block, s, at), [(s.start, s.end)], m[0]))
    return _merge_events(out)


def _merge_events(events: list[EventDraft]) -> list[EventDraft]:
    merged: list[EventDraft] = []
    for e in events:
        ids = {a for a, _ in e.participants}
        for m in merged:
            mids = {a for a, _ in m.participants}
            same_date = e.date is None or m.date is None or (e.date.start, e.date.end) == (m.date.start, m.date.end)
            if m.event_type == e.event_type and same_date and len(ids & mids) >= min(2, len(ids), len(mids)) \
                    and (ids <= mids or mids <= ids):
                m.evidence.extend(x for x in e.evidence if x not in m.evidence)
                if m.date is None:
                    m.date = e.date
                for p in e.participants:
                    if p[0] not in mids:
                        m.participants.append(p)
                break
        else:
            merged.append(e)
    return merged


def _after(ctx: SourceContext, s: Sentence, pattern: str) -> str | None:
    m = re.search(pattern, ctx.text[s.start:s.end], re.I)
    if not m:
        return None
    refs = [r for r in ctx.refs_in(s.start + m.end(), min(s.end, s.start + m.end() + 60)) if r.actor_id]
    return refs[0].actor_id if refs else None


def extract_measures(ctx: SourceContext, statements=()) -> list[MeasureDraft]:
    out: list[MeasureDraft] = []
    usa = ctx.registry.find(actor_type="state", country="USA")
    rus = ctx.registry.find(actor_type="state", country="RUS")
    for bi, block, s in _sentences(ctx):
        text = ctx.text[s.start:s.end]
        kind = next(((k, m) for k, pat in MEASURE_TRIGGERS if (m := pat.search(text))), None)
        if kind is None:
            continue
        k, m = kind
        status = next((st for st, pat in _M_STATUS if pat.search(text)), None)
        if status is None:
            continue
        if k == "relief":
            mtype = "sanctions_relief" if status == "rejected" else "unspecified_sanctions"
        elif k == "tariff":
            mtype = "secondary_tariff" if re.search(r"secondaires|pays\s+qui\s+commercent|pétrole\s+russe", text) else "tariff"
        elif k == "secondary":
            mtype = "secondary_tariff" if re.search(r"taxes|droits\s+de\s+douane", text) else "secondary_sanctions"
        else:
            mtype = "sectoral_sanctions" if re.search(r"pétroli|géants", text) else "unspecified_sanctions"
        target = (_after(ctx, s, r"contre|visant(?:\s+les\s+géants\s+pétroliers)?|venues\s+d[’']|à\s+(?=la\s+Russie)")
                  or None)
        imposer = None
        if re.search(r"Trésor", text) and ctx.registry.find(role=None, actor_type="government_body", country="USA"):
            tre = [r.actor_id for r in ctx.refs_in(s.start, s.end) if r.actor_id and "tr" in r.actor_id and "treasury" in r.actor_id]
            imposer = tre[0] if tre else None
        if imposer is None and usa and re.search(r"américain|Trump|Washington|Maison[ -]Blanche|États-Unis|Etats-Unis", text):
            imposer = usa[0].actor_id
        if imposer is None and usa and status in ("threatened", "demanded", "considered"):
            imposer = usa[0].actor_id
        pressure = None
        if rus and target != rus[0].actor_id and re.search(r"Russie|russe|Moscou", text):
            pressure = rus[0].actor_id
        if target is None and rus and re.search(r"(?:contre|à)\s+(?:la\s+)?Russie|Moscou", text):
            target = rus[0].actor_id
        if pressure == target:
            pressure = None
        sector = "oil" if re.search(r"pétrol", text) else "all_goods" if re.search(r"importations", text) else None
        rates = re.search(r"(\d+)\s*%\s+au\s+lieu\s+de\s+(\d+)\s*%", text)
        rng = re.search(r"de\s+(\d+)\s+à\s+(\d+)\s*%", text)
        future = bool(FUTURE.search(text))
        ds = find_dates(ctx.text, s.start, s.end, ctx.ref_date(block), ctx.year_hint, future)
        ds = [d for d in ds if not any(a < d.span[0] < b for a, b in block.quotes)]
        date = min(ds, key=lambda d: abs(d.span[0] - (s.start + m.start()))) if ds else None
        level = "reporting"
        if re.search(r"responsables?|sources?|représentants?", text):
            level = "anonymous_source"
        elif re.search(r"[«\"“]", text):
            level = "official_statement"
        out.append(MeasureDraft(mtype, status, imposer, target, pressure, sector, date, [(s.start, s.end)], level,
                                float(rates[2]) if rates else None, float(rates[1]) if rates else None,
                                float(rng[1]) if rng else None, float(rng[2]) if rng else None, m[0]))
    merged: list[MeasureDraft] = []
    for e in out:
        for mm in merged:
            if (mm.measure_type, mm.status, mm.target) == (e.measure_type, e.status, e.target):
                mm.evidence.extend(e.evidence)
                mm.date = mm.date or e.date
                break
        else:
            merged.append(e)
    return merged
