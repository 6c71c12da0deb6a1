"""Every app preference, declared once: name, type, default, allowed values.

Preferences belong to the machine (a laptop's language, how soon it locks),
not to the district's data, so the desktop client keeps them with
``QSettings`` (see ``luzsong_grid.ui.models.settings``). They are declared
here, without Qt, so the command line and the tests see the same defaults.

UI state (window geometry, column widths) is not a preference: it lives
apart, under QSettings keys starting with :data:`UI_STATE_PREFIX`.

Shared rules that every laptop must agree on (visit intervals, catalogues)
are not preferences either: they are rows of the store, changed through the
service functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from luzsong_grid.i18n import DEFAULT_LANGUAGE, LANGUAGES

T = TypeVar("T", str, int, bool)

UI_STATE_PREFIX = "ui/"


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One preference. ``key`` is its QSettings key."""

    key: str
    type: type[T]
    default: T
    choices: tuple[T, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    def coerce(self, raw: object) -> T:
        """``raw`` (as QSettings or a command line hands it back: often text)
        as a valid value of this setting; the default when it is not one."""
        value: object
        try:
            if raw is None:
                return self.default
            if self.type is bool:
                value = raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes")
            elif self.type is int:
                if isinstance(raw, bool):
                    return self.default
                value = int(str(raw).strip()) if not isinstance(raw, int) else raw
            else:
                value = str(raw)
        except ValueError:
            return self.default
        if self.choices and value not in self.choices:
            return self.default
        if isinstance(value, int) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                return self.default
            if self.maximum is not None and value > self.maximum:
                return self.default
        return value  # type: ignore[return-value]  # checked against self.type above


LANGUAGE: Setting[str] = Setting("app/language", str, DEFAULT_LANGUAGE, choices=tuple(LANGUAGES))
"""The interface language; applied when the app starts (``LUZSONG_GRID_LANG``
overrides it for one run)."""

IDLE_LOCK_MINUTES: Setting[int] = Setting("app/idle_lock_minutes", int, 10, minimum=1, maximum=120)
"""Minutes without keyboard or mouse input before the window locks."""

ALL: tuple[Setting[str] | Setting[int] | Setting[bool], ...] = (LANGUAGE, IDLE_LOCK_MINUTES)


def by_key(key: str) -> Setting[str] | Setting[int] | Setting[bool]:
    """The declared setting with QSettings key ``key`` (KeyError otherwise)."""
    for setting in ALL:
        if setting.key == key:
            return setting
    raise KeyError(key)


def defaults() -> dict[str, str | int | bool]:
    return {s.key: s.default for s in ALL}
