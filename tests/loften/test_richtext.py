"""Markdown in updates is rendered and sanitised: no scripts, handlers, javascript: or images."""

import pytest

from portal.loften import richtext


def test_markdown_is_rendered():
    html = str(richtext.render("**Klart**: 120 av 200\n\n- en\n- två"))
    assert "<strong>Klart</strong>" in html
    assert "<ul>" in html and "<li>en</li>" in html


def test_script_tags_are_removed_with_their_content():
    html = str(richtext.render("Hej <script>alert('x')</script> du"))
    assert "<script" not in html
    assert "alert" not in html
    assert "Hej" in html and "du" in html


@pytest.mark.parametrize(
    "text",
    [
        "[klicka](javascript:alert(1))",
        '<a href="javascript:alert(1)">klicka</a>',
        '<a href="JaVaScRiPt:alert(1)">klicka</a>',
        "[klicka](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_javascript_and_data_links_lose_their_href(text):
    html = str(richtext.render(text))
    assert "javascript" not in html.lower()
    assert "data:" not in html
    assert "klicka" in html


@pytest.mark.parametrize(
    "text",
    [
        '<p onclick="steal()">text</p>',
        '<a href="https://example.org" onmouseover="steal()">text</a>',
        '<strong style="color:red" onload="steal()">text</strong>',
        '<img src="x" onerror="steal()">text',
    ],
)
def test_event_handlers_and_styles_are_removed(text):
    html = str(richtext.render(text))
    assert "steal" not in html
    assert "onclick" not in html and "onerror" not in html and "onmouseover" not in html
    assert "style=" not in html
    assert "text" in html


def test_no_images_from_other_hosts():
    html = str(richtext.render("![bild](https://tracker.example/pixel.png)"))
    assert "<img" not in html
    assert "tracker.example" not in html


def test_links_get_nofollow_noopener():
    html = str(richtext.render("[Polisen](https://polisen.se)"))
    assert 'href="https://polisen.se"' in html
    assert 'rel="nofollow noopener"' in html


def test_iframes_and_forms_are_dropped():
    html = str(
        richtext.render('<iframe src="https://evil.example"></iframe><form><input name=x></form>ok')
    )
    assert "<iframe" not in html and "<form" not in html and "<input" not in html
    assert "evil.example" not in html


def test_plain_text_for_feed_summaries():
    assert richtext.plain("**Fet** och [länk](https://x.se) & <b>mer</b>") == "Fet och länk & mer"
    assert richtext.plain("a" * 400, limit=10) == "a" * 9 + "…"
