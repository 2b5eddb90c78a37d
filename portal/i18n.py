"""Language selection: explicit choice (cookie), else Accept-Language, else Swedish."""

from __future__ import annotations

import os

from flask import Flask, current_app, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

LOGIN_MESSAGE = _l("Logga in för att se den sidan.")


def translations_dir() -> str:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(root, "translations")


def select_locale() -> str:
    """The visitor's language: cookie, then the browser's preference, then the default."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(current_app.config["LANGUAGE_COOKIE"])
    if chosen in languages:
        return chosen
    return (
        request.accept_languages.best_match(list(languages))
        or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def text_direction(locale: str) -> str:
    return "rtl" if locale.split("_")[0] in {"ar", "fa", "he", "ur"} else "ltr"


def init_app(app: Flask) -> None:
    @app.context_processor
    def language_context() -> dict:
        locale = str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"])
        return {
            "current_language": locale,
            "text_direction": text_direction(locale),
            "languages": app.config["LANGUAGES"],
        }
