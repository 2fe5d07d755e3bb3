"""Quotations and reported speech: the quoted spans, their type, and the attribution cues around them
(incises such as ", a déclaré X" / "a-t-il ajouté", speech verbs with their subject, "selon X", "qualifié
de « ... » par X") together with the window of text where the speaker is named."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Speech verbs: past participles (after a/ont/avait) and present-tense forms.
PARTICIPLES = (
    "déclaré|indiqué|assuré|estimé|affirmé|annoncé|expliqué|ajouté|précisé|souligné|répété|confirmé|reconnu|admis|"
    "mentionné|signalé|noté|averti|prévenu|jugé|dit|écrit|rappelé|insisté|réclamé|demandé|démenti|nié|promis|menacé|"
    "lancé|poursuivi|martelé|confié|commenté|déploré|dénoncé|condamné|exhorté|appelé|évoqué|qualifié|plaidé|fait savoir|"
    "laissé entendre|souhaité|proposé|observé|indiqués|déclarés|annoncée|affirmée"
)
PRESENT = (
    "déclare|indique|assure|estime|affirme|annonce|explique|ajoute|précise|souligne|répète|confirme|reconnaît|"
    "mentionne|signale|note|avertit|prévient|juge|dit|écrit|rappelle|insiste|réclame|demande|dément|nie|promet|"
    "menace|lance|poursuit|martèle|confie|commente|déplore|dénonce|condamne|exhorte|appelle|évoque|qualifie|plaide|"
    "pense|observe|se félicite|se dit|souhaite|propose"
)
PARTICIPLE_PRESENT = "affirmant|ajoutant|estimant|assurant|accusant|soulignant|suggérant|précisant|expliquant|dénonçant|" \
                     "rappelant|déclarant|indiquant|jugeant|insistant|écartant"
# Verbs whose object is the reported content when no "que" follows ("a répété son opposition à ...").
OBJECT_VERBS = {"répété", "annoncé", "condamné", "dénoncé", "insisté", "réclamé", "demandé", "réclame", "répète",
                "annonce", "condamne", "dénonce", "insiste"}
ADV = r"(?:\s+(?:\w+ment|aussi|déjà|encore|ensuite|cependant|toutefois|enfin|même|lui\s+aussi|elle\s+aussi|"\
      r"une\s+nouvelle\s+fois|de\s+nouveau|également|pourtant|donc|bien|notamment))*"
AUX = r"(?:a|ont|avait|avaient|aurait|auraient)"

# After a closing quotation mark: ", a déclaré X", "a-t-il ajouté", "poursuit-elle", "dit-il", "précise Reuters".
POST_INCISE = re.compile(
    r"\s*,?\s*(?:"
    rf"(?P<aux_inv>{AUX})-t-(?P<pron1>il|elle|on|ils|elles){ADV}\s+(?P<part1>{PARTICIPLES})"
    rf"|(?P<pres_inv>{PRESENT})-t?-?(?P<pron2>il|elle|on|ils|elles)(?!\w)"
    rf"|(?:vient|viennent)\s+d[’'](?P<part3>\w+er)"
    rf"|{AUX}{ADV}\s+(?P<part2>{PARTICIPLES})"
    rf"|(?P<pres>{PRESENT})(?!\w)"
    r")", re.I)
# The same incise ending a clause without quotation marks: "..., ont indiqué certaines sources", "..., a-t-il lancé".
END_INCISE = re.compile(
    r",\s+(?:"
    rf"(?P<aux_inv>{AUX})-t-(?P<pron1>il|elle|on|ils|elles){ADV}\s+(?P<part1>{PARTICIPLES})"
    rf"|(?P<pres_inv>{PRESENT})-t?-?(?P<pron2>il|elle|on)(?!\w)"
    rf"|{AUX}(?:\s+\w+)?{ADV}\s+(?P<part2>{PARTICIPLES})(?=\s+(?:[A-ZÀ-Ýa-zà-ý]))"
    rf"|(?P<pres>commente|précise|note|assure|affirme|souligne|estime|ajoute)(?=\s+(?:l[’']|le\s|la\s|les\s|[A-Z]))"
    r"|(?:vient|viennent)\s+d[’']\w+er"
    r")", re.I)
# A speech verb in the sentence: "X a déclaré", "X a cependant indiqué", "X estime", "affirmant".
SPEECH_VERB = re.compile(
    rf"(?<!\w)(?:(?P<aux>{AUX}|s[’']est|se\s+sont){ADV}\s+(?P<part>{PARTICIPLES})"
    rf"|(?P<pres>{PRESENT})|(?P<ppres>{PARTICIPLE_PRESENT}))(?!\w)", re.I)
SELON = re.compile(r"(?<!\w)(?:[Tt]oujours\s+)?[Ss]elon\s+(?P<np>[^,.;:«»\"()]+?)(?=\s*[,.;:(]|\s+(?:à|a|qui)\s|$)")
# Something that looks like a conjugated verb: tells a clause from an apposition.
FINITE = re.compile(r"(?<!\w)(?:a|ont|est|sont|était|étaient|avait|avaient|sera|seront|va|vont|doit|peut|n[’']|ne)(?!\w)"
                    r"|\w(?:ait|aient|era|eront|ent)(?!\w)")
PASSIVE = re.compile(r"(?:qualifiée?s?|jugée?s?|décrite?s?|présentée?s?|prononcée?|faite?s?)\s+(?:de\s+)?[«\"“][^»\"”]*[»\"”]"
                     r"(?:\s+\w+){0,6}?\s+par\s+(?P<np>[^.;]+?)(?=[.;]|,\s+(?:cette|ce|qui)|$)", re.I)
PRONOUN_SUBJECT = re.compile(r"(?<!\w)(Il|Elle|Ils|Elles|il|elle|ils|elles)\s+(?:[nN]['’]\s*)?(?=\S)")


@dataclass(frozen=True)
class Quote:
    open: int   # offset of the opening mark
    close: int  # offset of the closing mark
    start: int  # content, without marks and surrounding spaces
    end: int

    @property
    def direct(self) -> bool:
        return False


def quote_content(text: str, open_: int, close: int) -> tuple[int, int]:
    a, b = open_ + 1, close
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def quote_type(text: str, start: int, end: int) -> str:
    """direct when the quotation is a sentence of its own (capitalised, several words), else partial."""
    content = text[start:end]
    return "direct" if content[:1].isupper() and len(content.split()) >= 3 else "partial"


def clause_after(text: str, pos: int, sent_end: int, quotes: list[Quote]) -> tuple[int, int] | None:
    """The reported clause opened at `pos` ("que ...", "qu'...", an infinitive or an object), up to the end
    of the sentence, or up to a relative clause or an incise that starts after a comma."""
    end = sent_end
    while end > pos and text[end - 1] in ".!?… ":
        end -= 1
    seg = text[pos:end]
    for m in re.finditer(r",\s+(?:qui|dont|où|soit|a-t-il|a-t-elle|ont|selon|mais\s+(?:s[’']est|a|ont)\s|"
                         r"a\s+(?:\w+\s+)?(?:poursuivi|ajouté|précisé|indiqué|déclaré)|"
                         rf"(?:{PARTICIPLE_PRESENT}))\b|\s+lors\s+d", seg):
        at = pos + m.start()
        if any(q.open < at < q.close for q in quotes):
            continue
        relative = re.match(r",\s+(?:qui|dont|où)\b", m[0])
        if relative and not any(at < q.open < sent_end for q in quotes):
            continue  # a relative clause is cut off only when a quotation follows it
        end = at
        break
    while end > pos and text[end - 1] in ",;: ":
        end -= 1
    return (pos, end) if end - pos > 8 else None
