"""Tests for geomap.article: decoding, HTML, title, dateline and boilerplate.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import io
import sys

import pytest

from geomap.article import (
    RULES,
    article_from_text,
    dateline_places,
    decode_bytes,
    explain_boilerplate,
    find_boilerplate,
    find_dateline,
    find_title,
    html_to_text,
    load_article,
    load_url,
    looks_like_html,
    match_dateline,
)
from geomap.article.boilerplate import credit_start, merge_spans
from geomap.errors import InputError
from geomap.models import Article, Span

STORY = (
    "Ferry link to Hvar reopens after storm\n"
    "\n"
    "SPLIT, Croatia (AP) — The first ferry in a week left Split for Hvar on Monday, "
    "carrying tourists and supplies to the island.\n"
    "\n"
    "The harbour master said boats to Vis and Korcula would follow on Tuesday if the wind eased.\n"
)


def covered(text: str, spans) -> list[str]:
    return [text[s.start : s.end] for s in spans]


# -- decoding ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, expected",
    [
        ("Zürich café".encode("utf-8"), "Zürich café"),
        (b"\xef\xbb\xbf" + "Zürich café".encode("utf-8"), "Zürich café"),
        (b"\xff\xfe" + "Zürich café".encode("utf-16-le"), "Zürich café"),
        (b"\xfe\xff" + "Zürich café".encode("utf-16-be"), "Zürich café"),
        ("Zürich café".encode("utf-16"), "Zürich café"),
        ("Zürich café".encode("utf-32"), "Zürich café"),
        ("Zürich café, Genève".encode("latin-1"), "Zürich café, Genève"),
        ("“Quoted” — and ‘single’ in Zürich".encode("cp1252"), "“Quoted” — and ‘single’ in Zürich"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16-native", "utf32", "latin1", "cp1252"],
)
def test_decode_bytes_encodings(data, expected):
    assert decode_bytes(data) == expected


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_decode_utf16_without_bom(codec):
    text = "The convoy left Odesa for Mykolaiv at dawn.\n"
    assert decode_bytes(text.encode(codec)) == text


def test_decode_keeps_crlf():
    assert decode_bytes(b"Line one\r\nLine two\r\n") == "Line one\r\nLine two\r\n"


def test_decode_forced_encoding():
    assert decode_bytes("Zürich".encode("latin-1"), encoding="latin-1") == "Zürich"
    assert decode_bytes(b"\xef\xbb\xbfSeoul", encoding="utf-8") == "Seoul"


def test_decode_forced_encoding_errors():
    with pytest.raises(InputError, match="unknown encoding"):
        decode_bytes(b"abc", encoding="no-such-codec")
    with pytest.raises(InputError, match="not valid utf-8"):
        decode_bytes(b"caf\xe9", encoding="utf-8")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        bytes(range(1, 9)) * 50,
        b"ELF\x7f\x02\x01\x01\x00\x00\x00\x00\x00\x00",
    ],
    ids=["png", "controls", "elf"],
)
def test_binary_input_is_refused(data):
    with pytest.raises(InputError, match="looks like a binary file, not text"):
        decode_bytes(data)


# -- loading -----------------------------------------------------------------------------


def test_load_text_file(tmp_path):
    path = tmp_path / "ferry-story.txt"
    path.write_bytes(STORY.encode("utf-8"))
    art = load_article(path)
    assert art.id == "ferry-story"
    assert art.text == STORY
    assert art.title == "Ferry link to Hvar reopens after storm"
    assert art.dateline_text == "SPLIT, Croatia"
    assert art.source == str(path)
    assert art.meta["encoding"] == "utf-8"


def test_load_article_accepts_str_path_and_id(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("A short note about Lyon.\n", encoding="utf-8")
    art = load_article(str(path), id="custom")
    assert art.id == "custom" and art.text == "A short note about Lyon.\n"


def test_load_latin1_file(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Die Delegation reiste von Zürich nach Genève.".encode("latin-1"))
    assert load_article(path).text == "Die Delegation reiste von Zürich nach Genève."


def test_missing_file():
    with pytest.raises(InputError, match="no such file: .*nowhere.txt"):
        load_article("/definitely/nowhere.txt")


def test_directory_is_refused(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        load_article(tmp_path)


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "])
def test_empty_file(tmp_path, content):
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="is empty"):
        load_article(path)


@pytest.mark.parametrize("text", ["", "  \n\n \t "])
def test_empty_text(text):
    with pytest.raises(InputError, match="is empty"):
        article_from_text(text)


def test_non_string_text():
    with pytest.raises(InputError, match="expected text"):
        article_from_text(b"bytes")  # type: ignore[arg-type]


def test_binary_file(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" * 20)
    with pytest.raises(InputError, match="binary"):
        load_article(path)


def test_error_messages_are_one_line():
    with pytest.raises(InputError) as info:
        load_article("no\nsuch\nfile" * 50)
    assert "\n" not in str(info.value) and len(str(info.value)) < 120


def test_stdin_bytes(monkeypatch):
    class FakeStdin:
        buffer = io.BytesIO("BERLIN (Reuters) - The train to Warsaw left late.".encode("utf-16"))

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    art = load_article("-")
    assert art.id == "stdin"
    assert art.dateline_text == "BERLIN"
    assert art.text.startswith("BERLIN (Reuters)")


def test_stdin_text_stream(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Fishermen returned to Ancona."))
    assert load_article("-").text == "Fishermen returned to Ancona."


def test_stdin_empty(monkeypatch):
    class FakeStdin:
        buffer = io.BytesIO(b"\n\n")

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    with pytest.raises(InputError, match="stdin is empty"):
        load_article("-")


def test_file_objects_and_bytes():
    assert load_article(io.BytesIO(b"Trams stopped in Gdansk.")).text == "Trams stopped in Gdansk."
    assert load_article(io.StringIO("Trams stopped in Gdansk.")).id == "article"
    assert load_article(b"Trams stopped in Gdansk.", id="t").id == "t"


def test_unsupported_source_type():
    with pytest.raises(InputError, match="cannot read an article from a int"):
        load_article(42)  # type: ignore[arg-type]


def test_bad_format_argument():
    with pytest.raises(ValueError, match="format must be"):
        load_article(b"text", format="pdf")


# -- HTML --------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>Daily Bugle | Ferry returns</title>
<style>p { color: red }</style>
<script>var x = "</p><p>Injected Atlantis paragraph";</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/w">World</a></nav></header>
<h1>Ferry returns to Hvar</h1>
<article>
<p>SPLIT, Croatia (AP) &mdash; The ferry reached <b>Hvar</b>&nbsp;at noon &amp; locals cheered.</p>
<p hidden>Hidden Narnia text</p><div style="display:none">Tracking pixel Mordor</div>
<p>It later sailed on<br>to Vis.</p>
<script>alert("Lemuria")</script><!-- a comment about El Dorado -->
<p onclick="steal()">Crews expect calmer seas near Korcula.<img src=x onerror="alert(1)"></p>
</article>
<aside>Related: Ferry strike in Bari</aside>
<footer>&copy; 2024 Daily Bugle</footer>
</body></html>"""


def test_html_visible_text():
    page = html_to_text(PAGE)
    assert page.title == "Ferry returns to Hvar"
    assert page.text == (
        "Ferry returns to Hvar\n\n"
        "SPLIT, Croatia (AP) — The ferry reached Hvar at noon & locals cheered.\n\n"
        "It later sailed on\nto Vis.\n\n"
        "Crews expect calmer seas near Korcula."
    )


@pytest.mark.parametrize(
    "hostile", ["Injected", "Atlantis", "Narnia", "Mordor", "Lemuria", "El Dorado", "Bari", "alert", "steal", "color"]
)
def test_html_drops_invisible_content(hostile):
    assert hostile not in html_to_text(PAGE).text


def test_html_file_offsets_are_into_extracted_text(tmp_path):
    path = tmp_path / "ferry.html"
    path.write_text(PAGE, encoding="utf-8")
    art = load_article(path)
    assert art.id == "ferry"
    assert art.meta["format"] == "html"
    assert art.title == "Ferry returns to Hvar"
    assert art.dateline_text == "SPLIT, Croatia"
    start = art.text.index("Korcula")
    assert art.text[start : start + len("Korcula")] == "Korcula"
    for s in art.ignored:
        assert 0 <= s.start < s.end <= len(art.text)


def test_html_title_falls_back_to_title_element():
    page = html_to_text("<html><head><title> Storm  in Bergen </title></head><body><p>Rain.</p></body></html>")
    assert page.title == "Storm in Bergen" and page.text == "Rain."


def test_html_sniffed_from_content(tmp_path):
    path = tmp_path / "download.dat"
    path.write_text("<html><body><p>Snow closed the pass to Andermatt.</p></body></html>", encoding="utf-8")
    assert load_article(path).text == "Snow closed the pass to Andermatt."
    assert load_article(b"<p>Snow near Davos.</p>").text == "Snow near Davos."


def test_txt_file_is_never_parsed_as_html(tmp_path):
    path = tmp_path / "raw.txt"
    path.write_text("<p>Markup shown as text in Oslo.</p>", encoding="utf-8")
    assert load_article(path).text == "<p>Markup shown as text in Oslo.</p>"


def test_html_without_visible_text(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>x()</script></head><body></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="no visible text"):
        load_article(path)


def test_html_malformed_and_unclosed():
    text = html_to_text("<div><p>One in Turin<p>Two in Milan</div></span></b><pre>  a\n   b</pre><p>tail").text
    assert text == "One in Turin\n\nTwo in Milan\n\n  a\n   b\n\ntail"


def test_looks_like_html():
    assert looks_like_html("<!doctype html><title>x</title>")
    assert looks_like_html("\n  <html lang='en'>")
    assert not looks_like_html("Prices rose 3 < 4 percent > expected in Lima.")


# -- URLs --------------------------------------------------------------------------------


def test_load_url_without_trafilatura(monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with pytest.raises(InputError, match=r"install geomap\[web\] to fetch URLs"):
        load_url("http://127.0.0.1:9/story")
    with pytest.raises(InputError, match=r"install geomap\[web\]"):
        load_article("https://127.0.0.1:9/story.html")


def test_load_url_rejects_other_schemes():
    with pytest.raises(InputError, match="not an http"):
        load_url("ftp://127.0.0.1/story")


def test_load_url_with_trafilatura_and_injected_fetch():
    pytest.importorskip("trafilatura")
    body = "".join(f"<p>Paragraph {i}: the relief convoy moved from Lviv towards Kyiv overnight.</p>" for i in range(8))
    markup = f"<html><head><title>Convoy</title></head><body><article><h1>Convoy heads east</h1>{body}</article></body></html>"
    seen = []
    art = load_url("http://127.0.0.1/news/convoy-story", fetch=lambda url, timeout: seen.append(timeout) or markup)
    assert seen == [10]
    assert art.id == "convoy-story" and art.source == "http://127.0.0.1/news/convoy-story"
    assert "Lviv" in art.text and art.title == "Convoy heads east"


# -- title -------------------------------------------------------------------------------


def test_title_detected():
    assert covered(STORY, [find_title(STORY)]) == ["Ferry link to Hvar reopens after storm"]
    assert article_from_text(STORY).title == "Ferry link to Hvar reopens after storm"


@pytest.mark.parametrize(
    "text",
    [
        "The ferry left Split on Monday.\n\nIt reached Hvar at noon.",  # a sentence, not a headline
        "Ferry link to Hvar reopens\nThe ferry left Split on Monday.",  # no blank line after it
        "Ferry link to Hvar reopens",  # nothing after it
        ("word " * 60) + "\n\nBody follows here.",  # too long
        "LONDON (Reuters) — Markets fell\n\nMore text here.",  # a dateline opens a paragraph
    ],
)
def test_title_not_detected(text):
    assert find_title(text) is None


def test_title_with_crlf_and_leading_blank_lines():
    text = "\r\n\r\nQuake shakes Izmir\r\n\r\nIZMIR, Turkey (AP) — Buildings swayed.\r\n"
    art = article_from_text(text)
    assert art.title == "Quake shakes Izmir"
    assert art.dateline_text == "IZMIR, Turkey"
    assert art.text == text


def test_explicit_title_wins():
    art = article_from_text(STORY, title="My own title", id="x", source="s")
    assert (art.title, art.id, art.source) == ("My own title", "x", "s")


# -- dateline ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "opening, place",
    [
        ("SEOUL, South Korea (AP) — Officials met.", "SEOUL, South Korea"),
        ("WASHINGTON (Reuters) - Lawmakers voted.", "WASHINGTON"),
        ("LONDON — Rain fell all day.", "LONDON"),
        ("KYIV, Ukraine, March 3 (Reuters) - Sirens sounded.", "KYIV, Ukraine"),
        ("NEW YORK, Jan. 5 — Stocks rose.", "NEW YORK"),
        ("Moscow, 12 March (AFP): Snow fell.", "Moscow"),
        ("RIO DE JANEIRO (AP) — Carnival began.", "RIO DE JANEIRO"),
        ("ST. LOUIS, Mo. (AP) — A storm hit.", "ST. LOUIS, Mo."),
        ("PORT-AU-PRINCE, Haiti (AP) -- Aid arrived.", "PORT-AU-PRINCE, Haiti"),
        ("ZÜRICH (dpa) — Banks opened.", "ZÜRICH"),
        ("LONDON, Monday (Reuters) — Trains stopped.", "LONDON"),
        ("NAIROBI, Kenya, Jan. 5, 2024 (Reuters) — Talks resumed.", "NAIROBI, Kenya"),
    ],
)
def test_dateline_positive(opening, place):
    text = "Headline about the world\n\n" + opening + " More words follow here.\n"
    span = find_dateline(text)
    assert span is not None and text[span.start : span.end] == place


@pytest.mark.parametrize(
    "opening",
    [
        "After lunch, Kim and the minister discussed the regional security situation at length.",
        "Paris — the city of light — was quiet on Sunday.",
        "BREAKING: Officials in Rome confirmed the news.",
        "NATO — the alliance — met in Brussels.",
        "In Seoul, officials said — without elaborating — that talks would continue.",
        "The (AP) reporter asked about Oslo.",
        "Kim (who arrived late) — said little.",
        "North Korea: the talks in Pyongyang ended.",
        "The ferry left Split on Monday.",
    ],
)
def test_dateline_negative(opening):
    assert find_dateline(opening + "\n") is None
    assert find_dateline("Some headline here\n\n" + opening + "\n") is None


def test_dateline_parts():
    m = match_dateline("KYIV, Ukraine, March 3 (Reuters) - Sirens.")
    text = "KYIV, Ukraine, March 3 (Reuters) - Sirens."
    assert covered(text, [m.place, m.region, m.date, m.agency]) == ["KYIV", "Ukraine", "March 3", "Reuters"]


def test_dateline_after_byline():
    text = "Storm hits coast\n\nBy Ana Lima\n\nLISBON (Reuters) — Waves flooded the promenade.\n"
    assert covered(text, [find_dateline(text)]) == ["LISBON"]


def test_dateline_only_in_first_paragraph():
    text = (
        "Storm hits coast\n\nWaves flooded the promenade in the capital overnight, officials said on Monday.\n\n"
        "LISBON (Reuters) — This is a second paragraph.\n"
    )
    assert find_dateline(text) is None


def test_dateline_places():
    art = article_from_text("Headline here\n\nSEOUL, South Korea (AP) — Officials met.")
    assert covered(art.text, dateline_places(art)) == ["SEOUL", "South Korea"]
    assert dateline_places(Article("No dateline.")) == []


# -- boilerplate -------------------------------------------------------------------------


def rules_of(text: str) -> list[tuple[str, str]]:
    return [(text[b.span.start : b.span.end], b.rule) for b in explain_boilerplate(text)]


BODY = "The ferry left Split for Hvar on Monday morning, officials said.\n\n"


@pytest.mark.parametrize(
    "line, rule",
    [
        ("Related Articles", "navigation"),
        ("Back to top", "navigation"),
        ("Back to top button", "navigation"),
        ("Share this article", "navigation"),
        ("Sign up for our weekly newsletter", "navigation"),
        ("Read more: Ferry strike spreads to Bari", "navigation"),
        ("Advertisement", "navigation"),
        ("Share | Tweet | Email", "navigation"),
        ("© 2024 Adriatic News Ltd", "navigation"),
        ("Copyright 2024 Adriatic News. All rights reserved.", "navigation"),
        ("Reporting by Ana Lima; Editing by Tom Hale", "bylines"),
        ("(Additional reporting by Ivo Horvat in Zagreb)", "bylines"),
        ("We use cookies to improve your experience. By continuing you accept our cookie policy.", "cookies"),
        ("By Ana Lima and Tom Hale", "bylines"),
        ("Passengers board in Split. Ivo Horvat/Reuters", "captions"),
        ("Passengers board the ferry (AP Photo/Ivo Horvat)", "captions"),
        ("The harbour at dawn (Photo: Port Authority)", "captions"),
        ("Getty Images", "captions"),
        ("A crane at the port. EPA-EFE/STR", "captions"),
        ("Split Hvar Ferries", "taglines"),
        (
            "Quillfeed is an automatic aggregator of news from around the world. All trademarks belong to "
            "their rightful owners. If you are the owner of the content, write to us. The content will be "
            "deleted within 24 hours.",
            "aggregator",
        ),
    ],
)
def test_boilerplate_lines(line, rule):
    text = "A headline about ferries\n\n" + BODY + line + "\n\n" + BODY
    assert (line, rule) in rules_of(text)
    spans = find_boilerplate(text)
    assert covered(text, spans) == [line]


def test_caption_paragraph_with_credit_marked_whole():
    caption = (
        "Pilots walked past the new tanker at the air show, a sign of the ministry's wish to modernise "
        "its fleet. Jan Novak/AFP-Getty Images"
    )
    text = "Air show opens\n\n" + BODY + "Aviation Show Prague\n" + caption + "\n\n" + BODY
    spans = find_boilerplate(text)
    assert covered(text, spans) == ["Aviation Show Prague\n" + caption]


def test_related_links_after_heading():
    text = (
        "Ferry returns\n\n" + BODY + "Related Articles\n\nStrike hits port of Bari\nNew bridge opens in Pelješac\n"
    )
    got = rules_of(text)
    assert ("Strike hits port of Bari", "related") in got
    assert ("New bridge opens in Pelješac", "related") in got


@pytest.mark.parametrize(
    "paragraph",
    [
        "The minister told Reuters the ferry would run daily.",
        "Officials in Split said the ferry, photographed by AP, was repaired.",
        "Photos of the harbour were shared by residents of Hvar on Monday.",
        "Getty Images photographers were at the harbour in Split.",
        "After lunch, the captain and the mayor walked along the quay in Vis.",
        "Read the full statement from the ministry in Zagreb, which was published on Monday.",
        "Passengers said they were glad to be home. The Ministry",  # lowercase words, no agency
        "Copyright lawyers in Zagreb said the ferry logo was protected.",
        "Reporting by the local paper in Split showed the ferry was late.",
        "Reporting by Adriatic Radio showed the ferry was late on Monday.",
        "More on the talks in Zagreb was expected on Tuesday.",
    ],
)
def test_real_paragraphs_are_kept(paragraph):
    text = "A headline about ferries\n\n" + BODY + paragraph + "\n\n" + BODY
    assert find_boilerplate(text) == ()


def test_headline_is_never_boilerplate():
    text = "Split Hvar Ferries\n\n" + BODY
    assert find_boilerplate(text) == ()
    assert article_from_text(text).title == "Split Hvar Ferries"


def test_hard_wrapped_paragraph_is_one_unit():
    text = (
        "Ferry returns\n\nThe ferry left Split on Monday and the captain told\n"
        "Reuters\nthat the sea was calm near Hvar.\n"
    )
    assert find_boilerplate(text) == ()


def test_rules_can_be_chosen_and_extended():
    text = "Ferry returns\n\n" + BODY + "Split Hvar Ferries\n\nSponsored by Acme Travel\n\n" + BODY
    assert find_boilerplate(text, rules=()) == ()
    only = find_boilerplate(text, rules=("taglines",))
    assert covered(text, only) == ["Split Hvar Ferries"]
    extra = find_boilerplate(text, rules=(), extra=[lambda line: line.startswith("Sponsored by")])
    assert covered(text, extra) == ["Sponsored by Acme Travel"]
    with pytest.raises(ValueError, match="unknown boilerplate rules"):
        find_boilerplate(text, rules=("nope",))
    assert set(RULES) >= {"aggregator", "captions", "taglines"}


def test_credit_start():
    line = "Pilots at the show. KCNA/AFP-Getty Images"
    assert line[credit_start(line) :] == "KCNA/AFP-Getty Images"
    assert credit_start("The minister told Reuters.") is None
    assert credit_start("x" * 5000) is None


def test_merge_spans():
    assert merge_spans([Span(4, 8), Span(0, 5), Span(10, 12), Span(11, 12)]) == (Span(0, 8), Span(10, 12))


def test_article_from_text_marks_ignored_and_keeps_text():
    text = (
        "Ferry returns\r\n\r\nSPLIT, Croatia (AP) — The ferry left on Monday.\r\n\r\n"
        "Passengers wave. Ivo Horvat/Reuters\r\n\r\nBack to top\r\n"
    )
    art = article_from_text(text)
    assert art.text == text
    assert covered(text, art.ignored) == ["Passengers wave. Ivo Horvat/Reuters", "Back to top"]
    assert art.is_ignored(text.index("Horvat"), text.index("Horvat") + 6)
    assert not art.is_ignored(text.index("ferry"), text.index("ferry") + 5)


def test_finders_are_injectable():
    art = article_from_text(STORY, boilerplate=lambda t: (Span(0, 4),), dateline=lambda t: None)
    assert art.ignored == (Span(0, 4),) and art.dateline is None


# -- size and robustness -----------------------------------------------------------------


def test_twenty_megabyte_text_completes():
    para = "Officials in Rijeka said the convoy would continue to Zadar by road on Friday.\n\n"
    text = "Convoy reaches coast\n\nRIJEKA, Croatia (AP) — " + para * (20_000_000 // len(para))
    art = article_from_text(text)
    assert len(art.text) >= 19_900_000
    assert art.dateline_text == "RIJEKA, Croatia"
    assert art.ignored == ()


def test_one_huge_line_completes():
    art = article_from_text("x" * 5_000_000)
    assert art.ignored == () and art.title is None and art.dateline is None


def test_spans_always_valid_property():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    alphabet = st.sampled_from(list("aZ .,:;-—()/\n\r\t") + ["SEOUL", "Reuters", "Getty Images", "Related Articles", "é"])

    @hypothesis.settings(max_examples=200, deadline=None)
    @hypothesis.given(st.lists(alphabet, min_size=1, max_size=60).map("".join))
    def check(text):
        if not text.strip():
            return
        art = article_from_text(text)
        assert art.text == text
        for s in art.ignored + ((art.dateline,) if art.dateline else ()):
            assert 0 <= s.start < s.end <= len(text)
        for s in dateline_places(art):
            assert text[s.start : s.end].strip() == text[s.start : s.end] != ""

    check()


# -- evaluation on the shared example (skips without ../shared) ---------------------------


def test_shared_article_layout(shared_dir):
    path = shared_dir / "articles" / "kim-russia.txt"
    if not path.is_file():
        pytest.skip("example article not present")
    art = load_article(path)
    assert art.title and not art.title.endswith(".")
    assert art.dateline_text is not None
    assert len(art.ignored) >= 3
    for s in art.ignored:
        assert art.text[s.start : s.end].strip() == art.text[s.start : s.end]


@pytest.mark.network_local
def test_fetch_from_local_server():
    import http.server
    import threading

    from geomap.article.load import _fetch

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            if self.path != "/story":
                self.send_error(404)
                return
            body = "<html><body><p>Ferries sail from Zadar to Pag.</p></body></html>".encode("cp1252")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=windows-1252")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        assert "Zadar to Pag" in _fetch(base + "/story", 5)
        with pytest.raises(InputError, match="HTTP 404"):
            _fetch(base + "/missing", 5)
    finally:
        server.shutdown()
        server.server_close()
