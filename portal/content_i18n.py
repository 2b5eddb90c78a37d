"""Content in several languages: translations of place categories and promises entered by staff.

Swedish is the source language. A translatable model mixes in :class:`Translatable`: a JSON column
``translations`` holds ``{lang: {field: text}}``, and ``translatable_fields`` maps each field to
the attribute that holds its Swedish text. Beside the texts, ``translations["_source"]`` keeps a
short hash of the Swedish text each translation was made from: when the Swedish text changes
afterwards, the translation is out of date and Swedish is shown until staff have updated it
(an old commitment must never be shown as if it were current).

:func:`localized` gives a text in the visitor's language where it exists, else in Swedish, as a
:class:`Localized` that knows which language it is in; templates mark Swedish text on a page in
another language with ``lang="sv"`` (``.marked`` or ``.lang_attr``) and show the
``fallback_note`` macro of ``macros/content.html`` once per page or section.

Surveys keep their texts as ``{lang: text}`` in their own fields and are offered per language as
a whole (see :mod:`portal.dialog.translation_views`); the staff form helpers below serve both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from flask import Flask, current_app
from flask_babel import get_locale
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from sqlalchemy import JSON, text
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

SOURCE_LANGUAGE = "sv"
_HASHES = "_source"  # translations[_HASHES][lang][field]: hash of the Swedish text translated
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})


def current_language() -> str:
    """The visitor's language code (``"sv"``, ``"en"``, …)."""
    return str(get_locale() or SOURCE_LANGUAGE).split("_")[0]


def translation_languages() -> dict[str, str]:
    """The configured languages content can be translated into (all but Swedish), by code."""
    return {
        code: name
        for code, name in current_app.config["LANGUAGES"].items()
        if code != SOURCE_LANGUAGE
    }


def text_direction(lang: str) -> str:
    return "rtl" if lang in RTL_LANGUAGES else "ltr"


def source_hash(source: str) -> str:
    """A short fingerprint of a Swedish text (whitespace at the ends does not count)."""
    return hashlib.sha256(source.strip().encode()).hexdigest()[:16]


# --- showing content -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Localized:
    """A text and the language it is in; ``wanted`` is the language of the page."""

    text: str
    lang: str
    wanted: str

    @property
    def fallback(self) -> bool:
        """Shown in another language than the page's (Swedish, for want of a translation)."""
        return bool(self.text) and self.lang != self.wanted

    @property
    def lang_attr(self) -> Markup:
        """`` lang="sv"`` for an element holding fallback text (WCAG 3.1.2), else nothing."""
        return Markup(' lang="%s"') % self.lang if self.fallback else Markup("")

    @property
    def marked(self) -> Markup:
        """The text, escaped; in a ``<span lang="sv">`` when it is fallback text."""
        if self.fallback:
            return Markup('<span lang="%s">%s</span>') % (self.lang, self.text)
        return escape(self.text)

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


class Translatable:
    """Mixin for a model whose Swedish texts can carry translations.

    ``translatable_fields`` maps a field name (as used in ``translations``) to the attribute
    with the Swedish text, e.g. ``{"name": "name_sv"}`` or ``{"title": "title"}``.
    """

    translatable_fields: ClassVar[dict[str, str]] = {}

    translations: Mapped[dict[str, Any]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )

    def source_text(self, field: str) -> str:
        return getattr(self, self.translatable_fields[field]) or ""

    def stored_translation(self, lang: str, field: str) -> str:
        """The translation as entered (also when it is out of date), or ""."""
        by_lang = (self.translations or {}).get(lang) or {}
        value = by_lang.get(field)
        return value if isinstance(value, str) else ""

    def translation_is_stale(self, lang: str, field: str) -> bool:
        """True when the Swedish text has changed since the translation was saved."""
        if not self.stored_translation(lang, field):
            return False
        hashes = ((self.translations or {}).get(_HASHES) or {}).get(lang) or {}
        made_from = hashes.get(field)
        return bool(made_from) and made_from != source_hash(self.source_text(field))

    def translation(self, lang: str, field: str) -> str:
        """The translation in ``lang`` when it exists and is up to date, else ""."""
        if lang == SOURCE_LANGUAGE or self.translation_is_stale(lang, field):
            return ""
        return self.stored_translation(lang, field)

    def set_translation(self, lang: str, field: str, value: str) -> bool:
        """Store (or with ``""`` remove) a translation; True when something changed."""
        if field not in self.translatable_fields or lang in (SOURCE_LANGUAGE, _HASHES):
            raise ValueError(f"cannot translate {field!r} into {lang!r}")
        value = value.strip()
        current = dict(self.translations or {})
        by_lang = dict(current.get(lang) or {})
        hashes = {k: dict(v) for k, v in (current.get(_HASHES) or {}).items()}
        lang_hashes = hashes.setdefault(lang, {})
        made_from = source_hash(self.source_text(field))
        if by_lang.get(field, "") == value and (not value or lang_hashes.get(field) == made_from):
            return False
        if value:
            by_lang[field] = value
            lang_hashes[field] = made_from
        else:
            by_lang.pop(field, None)
            lang_hashes.pop(field, None)
        if by_lang:
            current[lang] = by_lang
        else:
            current.pop(lang, None)
        hashes = {k: v for k, v in hashes.items() if v}
        if hashes:
            current[_HASHES] = hashes
        else:
            current.pop(_HASHES, None)
        self.translations = current  # a new dict: the JSON column sees the change
        return True

    def tr(self, field: str, lang: str | None = None) -> Localized:
        """``field`` in ``lang`` (default: the visitor's) where translated, else in Swedish."""
        return localized(self, field, lang)

    def missing_in(self, lang: str) -> bool:
        """True when some field with Swedish text has no current translation in ``lang``."""
        if lang == SOURCE_LANGUAGE:
            return False
        return any(
            self.source_text(field).strip() and not self.translation(lang, field)
            for field in self.translatable_fields
        )


def localized(obj: Translatable, field: str, lang: str | None = None) -> Localized:
    """``obj``'s ``field`` in ``lang`` (the visitor's by default), else its Swedish text."""
    wanted = (lang or current_language()).split("_")[0]
    translated = obj.translation(wanted, field)
    if translated:
        return Localized(translated, wanted, wanted)
    return Localized(obj.source_text(field), SOURCE_LANGUAGE, wanted)


def needs_note(objects: Iterable[Translatable], lang: str | None = None) -> bool:
    """True when any of ``objects`` shows some Swedish text on a page in another language."""
    wanted = (lang or current_language()).split("_")[0]
    return any(obj.missing_in(wanted) for obj in objects)


def pick(texts: Mapping[str, str] | None, lang: str | None = None) -> Localized:
    """A ``{lang: text}`` mapping (survey content) in ``lang``, else Swedish, else any language."""
    wanted = (lang or current_language()).split("_")[0]
    texts = texts or {}
    for code in (wanted, SOURCE_LANGUAGE, *sorted(texts)):
        if texts.get(code):
            return Localized(texts[code], code, wanted)
    return Localized("", wanted, wanted)


# --- staff pages -----------------------------------------------------------------------------------


@dataclass
class Item:
    """One text on a translation page: its Swedish source and the translation being edited."""

    key: str  # form field name, unique on the page
    label: str
    source: str
    current: str
    apply: Callable[[str], bool]  # store a new translation; True when something changed
    group: str = ""  # heading of the part of the object it belongs to
    multiline: bool = False
    stale: bool = False
    max_length: int = 10_000


def items_for(
    obj: Translatable,
    lang: str,
    labels: Mapping[str, Any],
    *,
    prefix: str,
    group: str = "",
    multiline: Iterable[str] = (),
    max_lengths: Mapping[str, int] | None = None,
) -> list[Item]:
    """Items for every field of ``obj`` that has Swedish text (in ``labels``' order)."""
    long_fields = set(multiline)
    found = []
    for field, label in labels.items():
        source = obj.source_text(field)
        if not source.strip():
            continue

        def apply(value: str, field: str = field) -> bool:
            return obj.set_translation(lang, field, value)

        found.append(
            Item(
                key=f"{prefix}_{field}",
                label=str(label),
                source=source,
                current=obj.stored_translation(lang, field),
                apply=apply,
                group=group,
                multiline=field in long_fields,
                stale=obj.translation_is_stale(lang, field),
                max_length=(max_lengths or {}).get(field, 10_000),
            )
        )
    return found


def form_for(items: list[Item], base: type[FlaskForm] = FlaskForm, **kwargs) -> FlaskForm:
    """A form with one field per item, filled with the current translations."""

    class TranslationForm(base):  # type: ignore[valid-type, misc]
        pass

    for item in items:
        field_class = TextAreaField if item.multiline else StringField
        setattr(
            TranslationForm,
            item.key,
            field_class(
                item.label,
                default=item.current,
                validators=[Length(max=item.max_length)],
                filters=[lambda value: (value or "").strip()],
                render_kw={"rows": 5} if item.multiline else {},
            ),
        )
    return TranslationForm(**kwargs)


def save(items: list[Item], form: FlaskForm) -> list[str]:
    """Store what the form holds; the keys of the items that changed."""
    return [item.key for item in items if item.apply(form[item.key].data or "")]


@dataclass(frozen=True)
class Progress:
    """How far a translation has come: texts translated (and up to date) of those to translate."""

    lang: str
    name: str
    done: int
    total: int
    stale: int

    @property
    def complete(self) -> bool:
        return self.done == self.total


def progress(items: list[Item], lang: str, name: str) -> Progress:
    done = sum(1 for item in items if item.current.strip() and not item.stale)
    stale = sum(1 for item in items if item.stale)
    return Progress(lang, name, done, len(items), stale)


def groups(items: list[Item]) -> list[tuple[str, list[Item]]]:
    """Items by their group, in order of first appearance."""
    grouped: dict[str, list[Item]] = {}
    for item in items:
        grouped.setdefault(item.group, []).append(item)
    return list(grouped.items())


def init_app(app: Flask) -> None:
    """Template helpers: ``localized``, ``pick_content``, ``content_missing`` (needs a note?)
    and ``content_direction`` (of a language)."""
    app.jinja_env.globals.update(
        localized=localized,
        pick_content=pick,
        content_direction=text_direction,
        content_missing=needs_note,
    )
