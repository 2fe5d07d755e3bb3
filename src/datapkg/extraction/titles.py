"""How French news designates actors without naming them: role titles ("le porte-parole du Kremlin"),
anonymous sources ("un haut responsable américain") and collective authorities ("les autorités de Kiev").

Each description says which registry actor it means through the registry's own fields (role_title,
actor_type, country), so it only resolves to actors the registry holds. The list is written from general
knowledge of the 2025 diplomatic track and from the curated sources; it is the part of the extractor most
likely to need additions for new articles."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DEF = r"(?:(?<!\w)(?:[Ll]e|[Ll]a|[Ll]es|[Ll][’'])\s*)"


@dataclass(frozen=True)
class Description:
    pattern: re.Pattern
    kind: str                  # title | anonymous | collective
    role: str | None = None    # regex on Actor.role_title
    actor_type: str | None = None
    country: str | None = None  # ISO3; "" = actors without a country
    description: str | None = None  # regex on Actor.description, to choose among anonymous actors
    plural: bool = False


def _title(words: str, role: str) -> Description:
    return Description(re.compile(_DEF + r"(?:" + words + r")(?!\w)"), "title", role=role)


TITLES: tuple[Description, ...] = (
    _title(r"président\s+(?:américain|des\s+[ÉE]tats-Unis)|dirigeant\s+américain|homologue\s+(?:américain|états-unien)"
           r"|locataire\s+de\s+la\s+Maison[ -]Blanche", r"^President of the United States"),
    _title(r"président\s+(?:russe|de\s+la\s+Russie)|chef\s+du\s+Kremlin|maître\s+du\s+Kremlin|dirigeant\s+russe"
           r"|leader\s+russe|homologue\s+russe", r"^President of Russia"),
    _title(r"président\s+(?:ukrainien|de\s+l[’']Ukraine)|dirigeant\s+ukrainien|homologue\s+ukrainien"
           r"|chef\s+de\s+l[’']État\s+ukrainien", r"^President of Ukraine"),
    _title(r"porte-parole\s+(?:du\s+Kremlin|de\s+la\s+présidence\s+russe)", r"Kremlin spokesperson"),
    _title(r"(?:conseiller(?:\s+diplomatique)?|assistant)\s+(?:du\s+Kremlin|de\s+(?:Vladimir\s+)?Poutine|du\s+président\s+russe)",
           r"aide to the President of Russia"),
    _title(r"(?:émissaire|envoyé|négociateur)(?:\s+spécial)?\s+(?:américain|de\s+(?:Donald\s+)?Trump|du\s+président\s+américain)",
           r"US special envoy"),
    _title(r"(?:émissaire|envoyé|négociateur)(?:\s+économique)?(?:\s+spécial)?(?:\s+économique)?\s+"
           r"(?:russe|du\s+Kremlin|de\s+(?:Vladimir\s+)?Poutine)", r"special envoy for investment"),
    _title(r"secrétaire\s+d[’']État(?:\s+américain)?", r"Secretary of State"),
    _title(r"porte-parole\s+(?:du\s+ministère\s+russe\s+des\s+Affaires\s+étrangères|de\s+la\s+diplomatie\s+russe)",
           r"Spokesperson of the Russian Ministry of Foreign Affairs"),
    _title(r"ministre\s+chinois\s+des\s+Affaires\s+étrangères|chef\s+de\s+la\s+diplomatie\s+chinoise",
           r"Foreign Affairs of China"),
    _title(r"secrétaire\s+général\s+de\s+l[’']OTAN", r"Secretary General of NATO"),
    _title(r"chancelier\s+allemand", r"Chancellor of Germany"),
)

_US = r"(?:américain(?:e)?s?|de\s+l[’']administration(?:\s+Trump|\s+américaine)?|de\s+la\s+Maison[ -]Blanche)"
ANONYMOUS: tuple[Description, ...] = (
    Description(re.compile(r"(?<!\w)(?:[Uu]n|[Uu]ne|[Dd]es|[Dd]eux|[Tt]rois|[Pp]lusieurs|[Cc]ertains|[Dd]’autres|[Dd]'autres)"
                           r"\s+(?:hauts?\s+)?(?:responsables?|représentants?|officiels?)\s+" + _US + r"(?:\s+seniors?)?(?!\w)"),
                "anonymous", actor_type="anonymous", country="USA"),
    Description(re.compile(r"(?<!\w)(?:[Uu]ne|[Dd]es)\s+sources?\s+(?:senior\s+)?(?:à\s+Kyiv|à\s+Kiev|ukrainiennes?)(?!\w)"),
                "anonymous", actor_type="anonymous", country="UKR"),
    Description(re.compile(r"(?<!\w)(?:[Dd]es|[Cc]ertaines)\s+sources\s+proches\s+du\s+projet(?!\w)"),
                "anonymous", actor_type="anonymous", country="", description=r"proches du projet", plural=True),
    Description(re.compile(r"(?<!\w)(?:[Cc]ertaines|[Dd]es|[Pp]lusieurs|[Dd]eux)\s+sources(?!\s+proches)(?!\w)"),
                "anonymous", actor_type="anonymous", country="", description=r"unspecified|does not assign", plural=True),
)

COLLECTIVE: tuple[Description, ...] = (
    Description(re.compile(r"(?<!\w)(?:[Ll]es\s+)?autorités\s+(?:de\s+Kiev|de\s+Kyiv|ukrainiennes)(?!\w)"), "collective",
                actor_type="state", country="UKR", plural=True),
    Description(re.compile(r"(?<!\w)(?:[Ll]es\s+)?autorités\s+(?:de\s+Moscou|russes)(?!\w)"), "collective",
                actor_type="state", country="RUS", plural=True),
    Description(re.compile(r"(?<!\w)(?:[Ll]es\s+)?autorités\s+(?:de\s+Washington|américaines)(?!\w)"), "collective",
                actor_type="state", country="USA", plural=True),
    Description(re.compile(r"(?<!\w)[Ll]a\s+partie\s+russe(?!\w)"), "collective", actor_type="state", country="RUS"),
    Description(re.compile(r"(?<!\w)[Ll]a\s+partie\s+américaine(?!\w)"), "collective", actor_type="state", country="USA"),
    Description(re.compile(r"(?<!\w)[Ll]a\s+partie\s+ukrainienne(?!\w)"), "collective", actor_type="state", country="UKR"),
)

# Roles that describe a former holder ("l'ancien président russe") never resolve to the current one.
FORMER = re.compile(r"(?:ancien|ancienne|ex-|ex\s)\s*$", re.I)
