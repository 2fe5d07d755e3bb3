"""Actors a source names that the registry does not hold yet: states from a gazetteer, and (with spaCy's
French pipeline installed) person and organisation names. Variant spellings of registry actors ("Vladimir
Putin" for "Vladimir Poutine", "M. Ouchakov", "Maison-Blanche") become proposed aliases of those actors."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .countries import CAPITALS, STATES
from .registry import Registry, alias_pattern

NLP_MODEL = "fr_core_news_md"
# Names of platforms and page furniture that NER tags as organisations.
NOT_ACTORS = {"X", "Truth Social", "Twitter", "Facebook", "Telegram", "Instagram", "TikTok", "YouTube", "Crédit",
              "Lire", "Guerre", "Menace", "Home", "France", "Moyen-Orient", "Europe", "Occident", "Occidentaux", "G7",
              "G20", "Union européenne", "UE", "ONU"}
_PARTICLES = {"de", "du", "des", "von", "van", "der", "bin", "al", "el", "la", "le", "for", "the", "of", "and"}
_MEDIA_WORDS = re.compile(r"\b(?:News|TV|Télévision|Radio|Press|Times|Post|Journal|Agence|Media|Médias)\b|^(?:CNN|NBC|CBS|ABC|BBC|AFP|AP|RTL)$")
_THINK_TANK_WORDS = re.compile(r"\b(?:Institute|Institut|Center|Centre|Council|Fondation|Foundation|Observatoire)\b")


@dataclass
class Proposal:
    """A new registry actor (links_to None) or new aliases of a registry actor (links_to its actor_id)."""

    actor_id: str
    name: str
    actor_type: str  # "TODO" when it cannot be told
    aliases: list[str] = field(default_factory=list)
    name_fr: str | None = None
    country_iso3: str | None = None
    links_to: str | None = None
    label: str | None = None  # the NER label it came from, or "gazetteer"


def slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "actor"


def _norm(text: str) -> str:
    return " ".join(slug(re.sub(r"^M\.\s+", "", text)).split("-"))


def load_nlp(enabled: bool = True):
    """spaCy's French pipeline, or None when spaCy or the model is not installed (alias-only mode)."""
    if not enabled:
        return None
    try:
        import spacy
    except ImportError:
        return None
    try:
        return spacy.load(NLP_MODEL, disable=["lemmatizer"])
    except OSError:
        return None


def _clean_entity(text: str) -> str | None:
    if text.strip() in NOT_ACTORS:
        return None
    text = re.sub(r"^(?:[Ll][’']|[Ll]e\s+|[Ll]a\s+|[Ll]es\s+)", "", text.strip())
    if "\n" in text or not text or not text[0].isupper():
        return None
    tokens = text.split()
    # NER glues the next sentence's first word to a name ("Poutine Avant-hier", "Poutine C'"): keep the name.
    while len(tokens) > 1 and (tokens[-1].endswith(("’", "'")) or tokens[-1][0].islower()
                               and tokens[-1].lower() not in _PARTICLES
                               and not re.match(r"[dl][’'][A-ZÀ-Ý]", tokens[-1])
                               or re.sub(r"[’'].*", "", tokens[-1]).lower() in _OPENERS):
        tokens.pop()
    text = " ".join(tokens).strip(" ,.;:")
    if not text or text in NOT_ACTORS or text in CAPITALS or text in STATES or len(text) < 2:
        return None
    if not all(t[0].isupper() or t.lower() in _PARTICLES or t[0].isdigit() or re.match(r"[dl][’'][A-ZÀ-Ý]", t)
               for t in text.split()):
        return None
    return text


_OPENERS = {"avant-hier", "hier", "le", "la", "les", "c", "ce", "selon", "jeudi", "mercredi", "mardi", "lundi",
            "vendredi", "samedi", "dimanche"}


def _variant_of(name: str, registry: Registry, person: bool) -> str | None:
    """The registry actor whose alias is a spelling variant of `name`, if any."""
    n = _norm(name)
    best, best_score = None, 0.0
    for a in registry.actors.values():
        if (a.actor_type == "person") != person:
            continue
        for al in (*a.aliases, a.name, a.name_fr or ""):
            if not al:
                continue
            m = _norm(al)
            if n == m:
                return a.actor_id
            if person:
                nt, mt = n.split(), m.split()
                score = fuzz.ratio(n, m)
                if len(nt) == 1 and len(mt) >= 1:
                    score = fuzz.ratio(nt[0], mt[-1]) if nt[0][0] == mt[-1][0] or fuzz.ratio(nt[0], mt[-1]) > 85 else 0
                if score > best_score:
                    best, best_score = a.actor_id, score
    return best if best_score >= 82 else None


def propose(text: str, excluded: list[tuple[int, int]], registry: Registry, nlp=None) -> list[Proposal]:
    """Proposals for the names in `text` (outside `excluded`) that the registry's aliases do not cover."""
    table = registry.alias_table()
    pat = alias_pattern(list(table))
    known_spans = [(m.start(), m.end()) for m in pat.finditer(text)] if pat else []

    def covered(a: int, b: int) -> bool:
        """Inside a known alias (the alias table already covers it), or not reporting."""
        return any(x <= a and b <= y for x, y in known_spans) or any(a < y and x < b for x, y in excluded)

    by_id: dict[str, Proposal] = {}
    order: list[str] = []

    def add(p: Proposal, surface: str) -> None:
        key = p.links_to or p.actor_id
        if key not in by_id:
            by_id[key] = p
            order.append(key)
        if surface not in by_id[key].aliases and surface not in table:
            by_id[key].aliases.append(surface)

    # "M. Trump" where the registry knows "Trump": a new alias of the same person.
    for m in re.finditer(r"(?<!\w)(?:M|Mme)\.\s+([A-ZÀ-Ý][\w’'-]+(?:\s+[A-ZÀ-Ý][\w’'-]+)?)", text):
        aid = table.get(m[1]) or table.get(m[1].split()[0])
        if aid and registry.actors[aid].actor_type == "person" and m[0] not in table \
                and not any(m.start() < y and x < m.end() for x, y in excluded):
            surface = m[0] if m[1] in table else text[m.start():m.start(1) + len(m[1].split()[0])]
            add(Proposal(aid, registry.actors[aid].name, "person", links_to=aid, label="title"), surface)
    # States the gazetteer knows.
    for fr, (en, iso) in sorted(STATES.items()):
        for m in re.finditer(r"(?<!\w)" + re.escape(fr) + r"(?!\w)", text):
            if covered(m.start(), m.end()):
                continue
            existing = registry.find(actor_type="state", country=iso)
            if existing:
                add(Proposal(existing[0].actor_id, existing[0].name, "state", links_to=existing[0].actor_id,
                             label="gazetteer"), fr)
            else:
                add(Proposal(slug(en), en, "state", name_fr=fr, country_iso3=iso, label="gazetteer"), fr)
            break
    if nlp is not None:
        doc = nlp(text)
        ents = [e for e in doc.ents if e.label_ in ("PER", "ORG", "MISC")]
        for e in ents:
            if covered(e.start_char, e.end_char):
                # "M. Ouchakov" where "Ouchakov" is unknown but ... a covered span is handled by the alias table.
                continue
            surface = _clean_entity(e.text)
            if surface is None or surface in table or re.sub(r"^M\.\s+", "", surface) in table and not surface.startswith("M. "):
                continue
            after = text[e.end_char:e.end_char + 12]
            acronym = re.match(r"\s*\(([A-Z][A-Z0-9]{1,9})\)", after)
            if e.label_ == "MISC" and not acronym:
                continue
            person = e.label_ == "PER"
            line_start = text.rfind("\n", 0, e.start_char) + 1
            if not person and " " not in surface and not surface.isupper() and not text[line_start:e.start_char].strip():
                continue  # a heading's first word ("Relancer les projets ...")
            if person and surface.startswith("M. ") is False and len(surface.split()) == 1 and surface.isupper():
                continue  # a credit line's capitalised surname
            target = _variant_of(surface, registry, person)
            if target:
                add(Proposal(target, registry.actors[target].name, registry.actors[target].actor_type,
                             links_to=target, label=e.label_), surface)
                continue
            # A surname alone, or "M. X", refers to a person proposed under a full name.
            base = re.sub(r"^M\.\s+", "", surface)
            owner = next((k for k in order if by_id[k].links_to is None and by_id[k].actor_type == "person"
                          and by_id[k].name.split()[-1] == base), None)
            if person and owner:
                add(by_id[owner], surface)
                continue
            sentence = text[max(0, e.start_char - 80):e.end_char + 40]
            if person:
                kind = "person"
            elif _MEDIA_WORDS.search(surface) or re.search(r"\b(?:chaîne|média|journal|agence)\b[^.]{0,30}$",
                                                          text[max(0, e.start_char - 40):e.start_char]):
                kind = "media"
            elif _THINK_TANK_WORDS.search(surface):
                kind = "think_tank"
            elif re.search(r"\b(?:géants?|groupes?|sociétés?|entreprises?|compagnies?|pétroliers?)\b", sentence):
                kind = "company"
            else:
                kind = "TODO"
            name = base if person else surface
            aid = slug(name)
            while aid in registry.actors:
                aid += "-new"
            add(Proposal(aid, name, kind, label=e.label_), surface)
            if acronym and acronym[1] not in table:
                add(by_id[aid], acronym[1])
    return [by_id[k] for k in order if by_id[k].aliases]
