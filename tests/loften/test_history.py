"""Editing a public promise keeps a public version history with a real field-level diff."""

import re

from portal.extensions import db
from portal.loften import commitments, history, services
from tests.loften import helpers


def test_a_changed_commitment_shows_a_word_level_diff(app, client, area, coordinator):
    promise = helpers.published_promise(area, coordinator)
    commitment = promise.commitments[0]
    version = commitments.update_commitment(
        coordinator,
        commitment,
        helpers.commitment_input(
            title="Patrullera vid minst 250 tillfällen",
            description="Kvällar, helger och lov.",
            target_value=250.0,
        ),
    )
    db.session.commit()
    assert version is not None and version.number == 2
    changed = {(c["object"], c["field"]): c for c in version.changes}
    assert changed[("commitment", "title")]["before"] == "Patrullera vid minst 200 tillfällen"
    assert changed[("commitment", "title")]["after"] == "Patrullera vid minst 250 tillfällen"
    assert changed[("commitment", "target")]["before"] == "200 patrulleringar"
    assert changed[("commitment", "target")]["after"] == "250 patrulleringar"
    assert ("commitment", "due_on") not in changed  # only what changed

    page = client.get(f"/loften/{promise.id}/historik")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Version 2" in html
    # The description is a long text: shown word by word, only the changed words marked.
    # "Kvällar och helger." → "Kvällar, helger och lov.": "och" is kept, the rest is marked.
    assert re.search(
        r"<ins><span class=\"visually-hidden\">Tillagt: </span>Kvällar, helger</ins> och <del>",
        html,
    )
    assert re.search(r"<del><span class=\"visually-hidden\">Borttaget: </span>helger\.</del>", html)
    assert re.search(r"<ins><span class=\"visually-hidden\">Tillagt: </span>lov\.</ins>", html)
    # The title is short: before → after.
    assert "Patrullera vid minst 200 tillfällen</del>" in html
    assert "Patrullera vid minst 250 tillfällen</ins>" in html


def test_a_draft_keeps_no_history(app, area, coordinator):
    promise = helpers.draft_promise(area, coordinator, commitments_=(helpers.commitment_input(),))
    version = commitments.update_commitment(
        coordinator, promise.commitments[0], helpers.commitment_input(title="Något annat")
    )
    assert version is None
    assert promise.versions == []


def test_added_and_removed_objects_are_single_entries(app, area, coordinator):
    promise = helpers.published_promise(area, coordinator)
    services.add_focus(coordinator, promise, "Belysning", "Trasiga lampor")
    person = services.add_signatory(coordinator, promise, "Bo Berg", "Kommundirektör", "Testkommun")
    services.remove_signatory(coordinator, person)
    db.session.commit()
    kinds = [
        (v.changes[0]["object"], v.changes[0]["change"], len(v.changes))
        for v in promise.versions
        if v.changes
    ]
    assert ("focus", "added", 1) in kinds
    assert ("signatory", "added", 1) in kinds
    assert ("signatory", "removed", 1) in kinds


def test_inline_diff_escapes_and_marks_words():
    html = str(history.inline_diff("lampor <b>byts</b>", "lampor <i>lagas</i> snabbt"))
    assert "<b>" not in html and "&lt;b&gt;byts&lt;/b&gt;" in html
    assert html.startswith("lampor ")
    assert "<ins>" in html and "snabbt" in html


def test_an_unchanged_save_makes_no_version(app, area, coordinator):
    promise = helpers.published_promise(area, coordinator)
    commitment = promise.commitments[0]
    same = helpers.commitment_input()
    assert commitments.update_commitment(coordinator, commitment, same) is None
    assert len(promise.versions) == 1
