"""Every catalogue is complete: each message in the code is translated, placeholders intact."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


def source_messages() -> set[str]:
    method_map = [("portal/**.py", "python"), ("portal/**/templates/**.html", "jinja2")]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map,
        options_map={"portal/**/templates/**.html": {"extensions": "jinja2.ext.do"}},
        keywords={
            "_": None,
            "gettext": None,
            "_l": None,
            "lazy_gettext": None,
            "ngettext": (1, 2),
            "_n": (1, 2),
        },
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_catalogues_exist():
    assert "en" in {path.parts[-3] for path in CATALOGUES}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_is_complete_and_placeholders_match(path):
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    translated = {}
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy or not all(strings):
            problems.append(f"untranslated or fuzzy: {key!r}")
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != wanted:
                problems.append(f"placeholders differ in {key!r}: {string!r}")
        translated[key] = strings
    missing = sorted(source_messages() - set(translated))
    problems += [f"missing from catalogue (run make i18n-update): {m!r}" for m in missing]
    assert not problems, "\n".join(problems)
