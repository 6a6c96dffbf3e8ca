"""Hand-built results for the output tests: no NER, no gazetteer.

Articles are made from sentences written here for the tests; coordinates are
rounded public facts. :class:`Story` keeps sentence offsets so mentions carry
their sentence exactly as the pipeline would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from geomap.models import Article, Candidate, Mention, Place, Result, Role, Route, Span, Stop

__all__ = [
    "Story",
    "candidate",
    "place",
    "stop",
    "result",
    "journey",
    "pacific",
    "hostile",
    "empty",
    "crowded",
    "fake_node_modules",
    "PAYLOADS",
]


@dataclass
class Story:
    """An article made of sentences, and a way to point at names in it."""

    article: Article
    sentences: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        *sentences: str,
        title: str | None = None,
        id: str = "doc",
        dateline: str | None = None,
    ) -> "Story":
        text, spans = "", []
        for i, s in enumerate(sentences):
            start = len(text)
            if i == 0 and dateline:
                s = f"{dateline} — {s}"
            text += s
            spans.append((start, len(text)))
            if i < len(sentences) - 1:
                text += " "
        art = Article(
            text,
            id=id,
            title=title,
            dateline=Span(0, len(dateline)) if dateline else None,
        )
        return cls(art, spans)

    def mention(self, name: str, nth: int = 0, **kw: Any) -> Mention:
        """The ``nth`` occurrence of ``name`` as a :class:`Mention`."""
        text = self.article.text
        pos = -1
        for _ in range(nth + 1):
            pos = text.find(name, pos + 1)
            if pos < 0:
                raise ValueError(f"{name!r} occurs fewer than {nth + 1} times")
        end = pos + len(name)
        s0, s1 = next((a, b) for a, b in self.sentences if a <= pos and end <= b)
        return Mention(pos, end, name, text[s0:s1], s0, s1, **kw)


def candidate(
    name: str,
    lat: float,
    lon: float,
    *,
    geonameid: int | None = None,
    cc: str | None = None,
    fclass: str = "P",
    fcode: str | None = "PPL",
    population: int = 0,
    **kw: Any,
) -> Candidate:
    return Candidate(
        name,
        lat,
        lon,
        geonameid=geonameid,
        country_code=cc,
        feature_class=fclass,
        feature_code=fcode,
        population=population,
        **kw,
    )


def place(
    mention: Mention,
    cand: Candidate | None = None,
    *,
    score: float | None = None,
    reasons: Sequence[str] = (),
    alternatives: Sequence[Candidate] = (),
) -> Place:
    if score is None:
        score = 0.9 if cand else 0.0
    return Place(mention, cand, score, tuple(reasons), tuple(alternatives))


def stop(
    p: Place,
    role: Role,
    seq: int | None = None,
    *,
    confidence: float = 0.8,
    inferred: bool = False,
    evidence: str | None = None,
    when: str | None = None,
    places: Sequence[Place] = (),
) -> Stop:
    return Stop(
        p,
        role,
        seq,
        confidence,
        inferred,
        p.mention.sentence if evidence is None else evidence,
        when,
        tuple(places) or (p,),
    )


def result(
    story: Story,
    toponyms: Sequence[Place],
    stops: Sequence[Stop] = (),
    others: Sequence[Stop] = (),
    warnings: Sequence[str] = (),
) -> Result:
    return Result(story.article, tuple(toponyms), Route(tuple(stops), tuple(others)), tuple(warnings))


# -- ready-made results ------------------------------------------------------------------
def journey() -> Result:
    """Lisbon → Madrid → Rome (travelled), Athens (planned), Brussels (mentioned),
    Geneva (dateline), Zorvania (unresolved), Lisbon named twice."""
    s = Story.of(
        "The envoy left Lisbon on Monday morning.",
        "She stopped in Madrid for talks before flying on to Rome on Wednesday.",
        "A visit to Athens is planned for next month.",
        "Critics in Brussels called the tour costly.",
        "Aides said the next leg depends on Zorvania, a region nobody could place.",
        "Officials in Lisbon declined to comment.",
        title="The envoy's spring tour",
        dateline="GENEVA",
        id="journey-1",
    )
    geneva = place(
        s.mention("GENEVA", source="dateline", label="dateline"),
        candidate("Geneva", 46.2022, 6.1457, geonameid=2660646, cc="CH", fcode="PPLA", population=183981),
        reasons=("dateline",),
    )
    lisbon = place(
        s.mention("Lisbon"),
        candidate("Lisbon", 38.7167, -9.1333, geonameid=2267057, cc="PT", fcode="PPLC", population=517802),
        reasons=("capital city", "largest population"),
    )
    madrid = place(
        s.mention("Madrid"),
        candidate("Madrid", 40.4165, -3.7026, geonameid=3117735, cc="ES", fcode="PPLC", population=3255944),
        score=0.86,
        reasons=("capital city",),
        alternatives=(candidate("Madrid", 41.8766, -93.8233, geonameid=4866371, cc="US"),),
    )
    rome = place(
        s.mention("Rome"),
        candidate("Rome", 41.8919, 12.5113, geonameid=3169070, cc="IT", fcode="PPLC", population=2318895),
    )
    athens = place(
        s.mention("Athens"),
        candidate("Athens", 37.9838, 23.7278, geonameid=264371, cc="GR", fcode="PPLC", population=664046),
        alternatives=(candidate("Athens", 33.9609, -83.3779, geonameid=4180386, cc="US"),),
    )
    brussels = place(
        s.mention("Brussels"),
        candidate("Brussels", 50.8505, 4.3488, geonameid=2800866, cc="BE", fcode="PPLC", population=1019022),
    )
    zorvania = place(s.mention("Zorvania"), None, reasons=("no candidate",))
    lisbon2 = place(s.mention("Lisbon", 1), lisbon.candidate)
    stops = [
        stop(lisbon, Role.ORIGIN, 1, confidence=0.9, when="Monday morning"),
        stop(madrid, Role.STOP, 2),
        stop(rome, Role.DESTINATION, 3, when="Wednesday"),
        stop(athens, Role.PLANNED, 4, confidence=0.6, when="next month"),
    ]
    others = [stop(geneva, Role.DATELINE), stop(brussels, Role.MENTIONED, confidence=0.5)]
    toponyms = [geneva, lisbon, madrid, rome, athens, brussels, zorvania, lisbon2]
    return result(s, toponyms, stops, others, warnings=("Zorvania: no candidate found",))


def pacific() -> Result:
    """Vladivostok → Anchorage → Seattle: the first leg crosses the antimeridian."""
    s = Story.of(
        "The ferry crew flew from Vladivostok to Anchorage and then on to Seattle.",
        "Officials in Tokyo were told of the trip.",
        id="pacific-1",
        title="Across the date line",
    )
    vlad = place(s.mention("Vladivostok"), candidate("Vladivostok", 43.1056, 131.8735, geonameid=2013348, cc="RU"))
    anch = place(s.mention("Anchorage"), candidate("Anchorage", 61.2181, -149.9003, geonameid=5879400, cc="US"))
    sea = place(s.mention("Seattle"), candidate("Seattle", 47.6062, -122.3321, geonameid=5809844, cc="US"))
    tokyo = place(s.mention("Tokyo"), candidate("Tokyo", 35.6895, 139.6917, geonameid=1850147, cc="JP", fcode="PPLC"))
    stops = [stop(vlad, Role.ORIGIN, 1), stop(anch, Role.STOP, 2), stop(sea, Role.DESTINATION, 3, inferred=True)]
    return result(s, [vlad, anch, sea, tokyo], stops, [stop(tokyo, Role.MENTIONED)])


#: Names that would run script if any output pasted them unescaped. Each sets
#: ``window.__pwned`` or opens a dialog.
PAYLOADS: tuple[str, ...] = (
    "</script><script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "<img src=x onerror=alert(1)>",
    '<svg onload="window.__pwned=1">',
    "javascript:alert(1)",
    "`;window.__pwned=1;`",
    "${window.__pwned=1}",
    "\\`);window.__pwned=1;//",
    "'-alert(1)-'",
    '"><script>alert(1)</script>',
    "{{ 7*7 }}",
    "{% raw %}{{ {# x",
)


def hostile() -> Result:
    """Every name, title, reason and alternative is a script-injection payload."""
    sentences = [f"The convoy reached {p} at dawn." for p in PAYLOADS]
    s = Story.of(*sentences, title="<script>window.__pwned=1</script>{{ 7*7 }}", id="<b>hostile</b>")
    places, stops = [], []
    for i, payload in enumerate(PAYLOADS):
        c = candidate(
            payload,
            10.0 + 3 * i,
            -20.0 + 7 * i,
            cc="<i>X</i>",
            fclass="P",
            fcode="<b>PPL</b>",
            admin1=payload,
        )
        p = place(
            s.mention(payload),
            c,
            reasons=(payload,),
            alternatives=(candidate(payload, -10.0 - i, 20.0 + i, cc="`$"),),
        )
        places.append(p)
        if i < 4:
            stops.append(stop(p, Role.STOP if i else Role.ORIGIN, i + 1, evidence=payload, when=payload))
    others = [stop(p, Role.MENTIONED) for p in places[4:]]
    return result(s, places, stops, others, warnings=PAYLOADS[:1])


def empty() -> Result:
    s = Story.of("The committee met to discuss the budget.", id="empty-1")
    return result(s, [])


def crowded(n: int = 15) -> Result:
    """A short trip (Oslo → Bergen) and ``n`` towns that are only mentioned."""
    towns = [f"Town{chr(65 + i)}" for i in range(n)]
    s = Story.of(
        "The minister flew from Oslo to Bergen on Tuesday.",
        "Mayors from " + ", ".join(towns) + " sent letters.",
        title="A crowded letter bag",
        id="crowded-1",
    )
    oslo = place(s.mention("Oslo"), candidate("Oslo", 59.9127, 10.7461, geonameid=3143244, cc="NO", fcode="PPLC"))
    bergen = place(s.mention("Bergen"), candidate("Bergen", 60.392, 5.328, geonameid=3161732, cc="NO"))
    others = []
    for i, name in enumerate(towns):
        p = place(s.mention(name), candidate(name, 58.0 + 0.3 * i, 6.0 + 0.4 * i, geonameid=900000 + i, cc="NO"))
        others.append(p)
    stops = [stop(oslo, Role.ORIGIN, 1, when="Tuesday"), stop(bergen, Role.DESTINATION, 2, when="Tuesday")]
    return result(s, [oslo, bergen, *others], stops, [stop(p, Role.MENTIONED, confidence=0.4) for p in others])


# A 1x1 PNG, for stylesheets that refer to images.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
    "53de0000000c4944415478da63f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)


def fake_node_modules(root) -> Path:
    """A stub ``node_modules`` with every file of ``geomap.render.assets.ASSETS``
    (tiny stand-ins, not the real libraries), the images their stylesheets
    name and a font; returns its path. For tests of inlining without npm."""
    from geomap.render import assets

    nm = Path(root) / "node_modules"
    for a in assets.ASSETS:
        if not a.local:
            continue
        f = nm / a.local
        f.parent.mkdir(parents=True, exist_ok=True)
        if f.suffix == ".css":
            f.write_text(f"/* {a.package} */ .x-{f.stem.replace('.', '-')}{{color:red}}", encoding="utf-8")
        elif f.suffix == ".js":
            f.write_text(f"/* {a.package} */ var stub = '</script><!-- not the end';", encoding="utf-8")
        else:
            f.write_text('{"type":"Topology","arcs":[],"objects":{"countries":{"type":"GeometryCollection",'
                         '"geometries":[]}}}', encoding="utf-8")  # fmt: skip
    css = nm / "leaflet/dist/leaflet.css"
    css.write_text(
        ".leaflet-control-layers-toggle{background-image:url(images/layers.png)}"
        ".leaflet-default-icon-path{background-image:url('images/marker-icon.png?v=1')}"
        ".lvml{behavior:url(#default#VML)}.gone{background:url(images/missing.png)}",
        encoding="utf-8",
    )
    for name in ("layers.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"):
        (nm / "leaflet/dist/images" / name).parent.mkdir(parents=True, exist_ok=True)
        (nm / "leaflet/dist/images" / name).write_bytes(_PNG)
    fa = nm / "@fortawesome/fontawesome-free/css/all.min.css"
    fa.write_text("@font-face{font-family:X;src:url(../webfonts/x.woff2) format('woff2')}.fa{font-family:X}",
                  encoding="utf-8")  # fmt: skip
    (nm / "@fortawesome/fontawesome-free/webfonts").mkdir(parents=True, exist_ok=True)
    (nm / "@fortawesome/fontawesome-free/webfonts/x.woff2").write_bytes(b"wOF2stub")
    return nm
