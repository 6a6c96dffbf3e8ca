"""Demonyms and adjectival forms of country and region names.

They are not places to draw, but they tell which country a text is about
("the North Korean leader") and readers' tools count them as references to
that country. Keys are lower-case; values are ISO 3166-1 alpha-2 codes, or
``"@NAME"`` for a region or continent looked up by name in the gazetteer.

>>> demonym_country("Russians")
'RU'
>>> demonym_country("North Korean")
'KP'
>>> demonym_country("Paris") is None
True
"""

from __future__ import annotations

__all__ = ["demonym_country", "DEMONYMS"]

_TABLE = """
AF afghan afghani | AL albanian | DZ algerian | AD andorran | AO angolan | AR argentine argentinian argentinean
AM armenian | AU australian aussie | AT austrian | AZ azerbaijani azeri | BS bahamian | BH bahraini
BD bangladeshi | BB barbadian | BY belarusian belarussian | BE belgian | BZ belizean | BJ beninese
BT bhutanese | BO bolivian | BA bosnian | BW botswanan | BR brazilian | BN bruneian | BG bulgarian
BF burkinabe | BI burundian | KH cambodian | CM cameroonian | CA canadian | CV cape verdean
CF central african | TD chadian | CL chilean | CN chinese | CO colombian | KM comoran | CG congolese
CR costa rican | HR croatian croat | CU cuban | CY cypriot | CZ czech | DK danish dane | DJ djiboutian
DM dominican | EC ecuadorian ecuadorean | EG egyptian | SV salvadoran salvadorean | GQ equatoguinean
ER eritrean | EE estonian | SZ swazi | ET ethiopian | FJ fijian | FI finnish finn | FR french frenchman frenchmen
GA gabonese | GM gambian | GE georgian | DE german | GH ghanaian | GR greek | GD grenadian
GT guatemalan | GN guinean | GY guyanese | HT haitian | HN honduran | HU hungarian | IS icelandic icelander
IN indian | ID indonesian | IR iranian persian | IQ iraqi | IE irish irishman | IL israeli | IT italian
CI ivorian | JM jamaican | JP japanese | JO jordanian | KZ kazakh kazakhstani | KE kenyan | KI i-kiribati
XK kosovar kosovan | KW kuwaiti | KG kyrgyz kirghiz | LA laotian lao | LV latvian | LB lebanese
LS basotho | LR liberian | LY libyan | LI liechtensteiner | LT lithuanian | LU luxembourgish luxembourger
MG malagasy | MW malawian | MY malaysian | MV maldivian | ML malian | MT maltese | MH marshallese
MR mauritanian | MU mauritian | MX mexican | FM micronesian | MD moldovan moldavian | MC monegasque
MN mongolian | ME montenegrin | MA moroccan | MZ mozambican | MM burmese myanmar | NA namibian
NR nauruan | NP nepalese nepali | NL dutch dutchman netherlander | NZ kiwi | NI nicaraguan
NE nigerien | NG nigerian | KP north korean | MK macedonian | NO norwegian | OM omani | PK pakistani
PW palauan | PS palestinian | PA panamanian | PG papua new guinean | PY paraguayan | PE peruvian
PH filipino filipina philippine | PL polish pole | PT portuguese | QA qatari | RO romanian | RU russian
RW rwandan | WS samoan | SM sammarinese | SA saudi saudi arabian | SN senegalese | RS serbian serb
SC seychellois | SL sierra leonean | SG singaporean | SK slovak slovakian | SI slovenian slovene
SB solomon islander | SO somali somalian | ZA south african | KR south korean | SS south sudanese
ES spanish spaniard | LK sri lankan | SD sudanese | SR surinamese | SE swedish swede | CH swiss
SY syrian | TW taiwanese | TJ tajik tajikistani | TZ tanzanian | TH thai | TL timorese | TG togolese
TO tongan | TT trinidadian tobagonian | TN tunisian | TR turkish turk | TM turkmen | TV tuvaluan
UG ugandan | UA ukrainian | AE emirati | GB british briton brit english scottish scot welsh
US american yankee | UY uruguayan | UZ uzbek uzbekistani | VU vanuatuan | VE venezuelan
VN vietnamese | YE yemeni yemenite | ZM zambian | ZW zimbabwean | PR puerto rican | GL greenlandic
HK hongkonger | KR korean | SU soviet
@Europe european | @Africa african | @Asia asian | @South_America south american latin american
@North_America north american | @Arctic arctic | @Middle_East middle eastern | @Scandinavia scandinavian
@Caribbean caribbean | @Balkans balkan | @Arab_world arab
@Texas texan | @California californian | @Ohio ohioan | @Florida floridian | @New_York new yorker
@Quebec quebecer quebecois | @Ontario ontarian | @Bavaria bavarian | @Siberia siberian
@Kurdistan kurdish kurd | @Tibet tibetan | @Chechnya chechen | @Crimea crimean | @Catalonia catalan
@Gaza gazan | @Hawaii hawaiian | @Alaska alaskan | @Virginia virginian | @Georgia_US georgian
"""

# "Georgian" is ambiguous (Georgia the country / the US state); the country wins
# by default, the resolver may switch it with the document's focus.
_AMBIGUOUS_SKIP = {"@Georgia_US"}

_IRREGULAR_PLURALS = {
    "frenchmen": "frenchman",
    "dutchmen": "dutchman",
    "irishmen": "irishman",
    "englishmen": "english",
    "swiss": "swiss",
    "chinese": "chinese",
    "japanese": "japanese",
}


def _parse(table: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in table.replace("\n", " | ").split("|"):
        words = chunk.split()
        if not words:
            continue
        code = words[0]
        if code in _AMBIGUOUS_SKIP:
            continue
        if code.startswith("@"):
            code = "@" + code[1:].replace("_", " ")
        # multi-word demonyms are written joined by single spaces in the table;
        # known two-word forms are recognised greedily below.
        rest = " ".join(words[1:])
        for form in _split_forms(rest):
            out.setdefault(form, code)
    return out


_TWO_WORD_STARTS = {"north", "south", "central", "costa", "cape", "sierra", "sri", "solomon",
                    "papua", "saudi", "latin", "middle", "new", "puerto", "east", "west"}


def _split_forms(rest: str) -> list[str]:
    words = rest.split()
    forms: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w in _TWO_WORD_STARTS and i + 1 < len(words):
            if w == "papua" and i + 2 < len(words):
                forms.append(" ".join(words[i : i + 3]))
                i += 3
                continue
            forms.append(f"{w} {words[i + 1]}")
            i += 2
            continue
        forms.append(w)
        i += 1
    return forms


DEMONYMS: dict[str, str] = _parse(_TABLE)


def demonym_country(word: str) -> str | None:
    """The ISO code (or ``"@Region"``) a demonym refers to, else ``None``.

    Plurals ("Russians", "Ohioans") and possessives are accepted.
    """
    w = " ".join(word.replace("\u2019", "'").split()).lower()
    if w.endswith("'s"):
        w = w[:-2]
    if w in DEMONYMS:
        return DEMONYMS[w]
    if w in _IRREGULAR_PLURALS:
        return DEMONYMS.get(_IRREGULAR_PLURALS[w])
    if w.endswith("s") and w[:-1] in DEMONYMS:
        return DEMONYMS[w[:-1]]
    return None
