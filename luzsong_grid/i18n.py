"""Messages the Qt-free core shows to people, in the user's language.

Core code marks its messages with ``QT_TRANSLATE_NOOP("core", "...")`` (an
identity function here, so the core never imports Qt). ``pyside6-lupdate``
reads those calls like any other, so the one set of ``translations/*.ts``
files serves the GUI (through ``QCoreApplication.translate``) and the command
line (through :func:`translate`, which reads the same ``.ts`` files).
"""

from __future__ import annotations

import functools
import os
import xml.etree.ElementTree as ET
from pathlib import Path

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context``; returns it unchanged."""
    del context
    return text


def current_language() -> str:
    lang = os.environ.get("LUZSONG_GRID_LANG", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


@functools.cache
def _catalog(lang: str) -> dict[tuple[str, str], str]:
    from luzsong_grid.paths import translations_dir

    path = translations_dir() / f"luzsong_grid_{lang}.ts"
    table: dict[tuple[str, str], str] = {}
    if not path.is_file():
        return table
    root = ET.parse(path).getroot()
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            source = msg.findtext("source")
            node = msg.find("translation")
            if source is None or node is None or node.get("type") in ("unfinished", "obsolete"):
                continue
            if node.text:
                table[(name, source)] = node.text
    return table


def translate(context: str, text: str, lang: str | None = None) -> str:
    """``text`` in ``lang`` (default: the current language), from the .ts files."""
    lang = lang or current_language()
    return _catalog(lang).get((context, text), text)


class UserError(Exception):
    """Something the user (or their environment) must fix; never a bug.

    ``message`` is an English source text marked with QT_TRANSLATE_NOOP in the
    "core" context; ``params`` fill its ``{placeholders}`` after translation.
    """

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params

    def localized(self, lang: str | None = None) -> str:
        text = translate("core", self.message, lang)
        return text.format(**self.params) if self.params else text


def resources_path(*parts: str) -> Path:
    from luzsong_grid.paths import resources_dir

    return resources_dir().joinpath(*parts)


class FieldError(UserError):
    """A UserError about one input field, so a form can show it beside the field."""

    def __init__(self, field: str, message: str, **params: object) -> None:
        super().__init__(message, **params)
        self.field = field
