"""The Atom feeds (all, per area, per promise) parse as valid Atom with stable ids."""

import xml.etree.ElementTree as ET
from datetime import date

from portal.extensions import db
from portal.loften import feeds, vocab
from tests.loften import helpers

A = "{http://www.w3.org/2005/Atom}"


def _parse(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.get_data())
    assert root.tag == f"{A}feed"
    return root


def _check_feed(root):
    for name in ("id", "title", "updated"):
        element = root.find(f"{A}{name}")
        assert element is not None and element.text, name
    assert root.find(f"{A}author/{A}name").text
    assert root.find(f"{A}link[@rel='self']") is not None
    feeds_ids = [e.find(f"{A}id").text for e in root.findall(f"{A}entry")]
    assert len(feeds_ids) == len(set(feeds_ids))
    for entry in root.findall(f"{A}entry"):
        for name in ("id", "title", "updated"):
            element = entry.find(f"{A}{name}")
            assert element is not None and element.text, name
        assert entry.find(f"{A}id").text.startswith("tag:")
        link = entry.find(f"{A}link[@rel='alternate']")
        assert link is not None and link.get("href").startswith("http")
        assert entry.find(f"{A}updated").text.endswith("Z")


def _promise_with_updates(area, coordinator):
    promise = helpers.published_promise(area, coordinator)
    helpers.update(
        coordinator, promise.commitments[0], value=40, text="Fyrtio <script>x()</script> & **fler**"
    )
    helpers.update(
        coordinator,
        promise.commitments[1],
        status=vocab.FORSENAD,
        reason="Leveransen är sen.",
        on=date(2026, 3, 1),
    )
    db.session.commit()
    return promise


def test_feed_of_one_promise(app, client, area, coordinator):
    promise = _promise_with_updates(area, coordinator)
    root = _parse(client.get(f"/loften/{promise.id}/feed.atom"))
    _check_feed(root)
    entries = root.findall(f"{A}entry")
    assert len(entries) == 2
    assert root.find(f"{A}title").text == promise.title
    content = " ".join(e.find(f"{A}content").text for e in entries)
    assert "<script" not in content  # sanitised before it is escaped into the XML
    assert "Leveransen är sen." in content
    assert all(e.find(f"{A}content").get("type") == "html" for e in entries)


def test_ids_are_stable_between_requests(app, client, area, coordinator):
    promise = _promise_with_updates(area, coordinator)
    first = _parse(client.get(f"/loften/{promise.id}/feed.atom"))
    second = _parse(client.get(f"/loften/{promise.id}/feed.atom"))

    def ids(root):
        return [root.find(f"{A}id").text] + [
            e.find(f"{A}id").text for e in root.findall(f"{A}entry")
        ]

    assert ids(first) == ids(second)
    assert first.find(f"{A}updated").text == second.find(f"{A}updated").text


def test_feed_of_all_and_per_area(app, client, area, coordinator):
    promise = _promise_with_updates(area, coordinator)
    draft = helpers.draft_promise(
        area, coordinator, title="Hemligt utkast", commitments_=(helpers.commitment_input(),)
    )
    db.session.commit()
    child_slug, promise_title, draft_title = area.children[0].slug, promise.title, draft.title
    root = _parse(client.get("/loften/feed.atom"))
    _check_feed(root)
    assert len(root.findall(f"{A}entry")) == 2
    area_root = _parse(client.get(f"/loften/omrade/{child_slug}/feed.atom"))
    _check_feed(area_root)
    assert (
        len(area_root.findall(f"{A}entry")) == 2
    )  # a promise for the kommun concerns its districts
    assert draft_title not in client.get("/loften/feed.atom").get_data(as_text=True)
    assert promise_title in client.get("/loften/feed.atom").get_data(as_text=True)


def test_an_empty_feed_is_still_valid(app, client, area):
    root = _parse(client.get(f"/loften/omrade/{area.slug}/feed.atom"))
    _check_feed(root)
    assert root.findall(f"{A}entry") == []


def test_draft_and_unknown_feeds_are_404(app, client, area, coordinator):
    draft = helpers.draft_promise(area, coordinator)
    db.session.commit()
    assert client.get(f"/loften/{draft.id}/feed.atom").status_code == 404
    assert client.get("/loften/omrade/finns-inte/feed.atom").status_code == 404


def test_tag_uri_uses_the_configured_authority(app, client, area, coordinator):
    promise = _promise_with_updates(area, coordinator)
    app.config["LOFTEN_FEED_TAG_AUTHORITY"] = "trygghet.kommun.example"
    try:
        root = _parse(client.get(f"/loften/{promise.id}/feed.atom"))
    finally:
        app.config["LOFTEN_FEED_TAG_AUTHORITY"] = None
    assert (
        root.find(f"{A}id").text
        == f"tag:trygghet.kommun.example,2025-01-01:loften/lofte/{promise.id}"
    )


def test_builder_escapes_text():
    from datetime import UTC, datetime

    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    feed = feeds.Feed(
        id="tag:x.example,2025-01-01:f",
        title='Löfte "A" & <B>',
        subtitle="",
        self_url="https://x.example/f?a=1&b=2",
        alternate_url="https://x.example/",
        author="Kommunen",
        language="sv",
        entries=[
            feeds.Entry(
                "tag:x.example,2025-01-01:e",
                "<t>",
                moment,
                moment,
                "https://x.example/e",
                "s & t",
                "<p>x</p>",
                "Polisen",
            )
        ],
        fallback_updated=moment,
    )
    root = ET.fromstring(feeds.build(feed))
    assert root.find(f"{A}title").text == 'Löfte "A" & <B>'
    assert root.find(f"{A}updated").text == "2026-01-02T03:04:05Z"
    assert root.find(f"{A}entry/{A}content").text == "<p>x</p>"
