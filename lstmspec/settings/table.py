"""One settings table ([tool.lstmspec] of a pyproject.toml, or a whole lstmspec.toml) read into
checked values, and a chain of them (a file and the files it `extend`s) resolved into
Settings, by ruff's rules: a key replaces the one it extends, the `extend-*` keys add to it."""

from __future__ import annotations

import os
import re
from typing import NamedTuple, Optional

from ..inference.budget import DEFAULT_BUDGET, Budget, parse_size
from ..source.yaml_source import DEFAULT_LIMITS, Limits
from ..suggest import closest
from .exclude import DEFAULT_EXCLUDE, matches
from .selection import Selection, SettingsError, parse_selectors, selects_nothing

LIMIT_KEYS = {name.replace("_", "-"): name for name in Limits._fields}
BUDGET_KEYS = ("max-params", "max-memory", "slow-build-seconds")
SELECTOR_KEYS = ("select", "ignore", "extend-select")
PATTERN_KEYS = ("exclude", "extend-exclude")
FILE_CODE_KEYS = ("per-file-ignores", "extend-per-file-ignores")
FLAG_KEYS = ("force-exclude", "respect-gitignore")
KEYS = (*SELECTOR_KEYS, *FILE_CODE_KEYS, *PATTERN_KEYS, *FLAG_KEYS, "extend", "data-roots",
        *LIMIT_KEYS, *BUDGET_KEYS)


class Settings(NamedTuple):
    selection: Selection = Selection()
    limits: Limits = DEFAULT_LIMITS
    budget: Budget = DEFAULT_BUDGET
    origin: Optional[str] = None  # the settings file, as messages name it
    root: Optional[str] = None  # the folder that holds it (absolute)
    data_roots: tuple = ()  # absolute folders outside the project lint may read data from
    per_file_ignores: tuple = ()  # (pattern, base folder, codes)
    exclude: tuple = tuple((p, None) for p in DEFAULT_EXCLUDE)  # (pattern, base folder)
    force_exclude: bool = False  # apply `exclude` to the paths given on the command line too
    respect_gitignore: bool = True
    notes: tuple = ()  # warnings: selectors that name no code, with their place

    def selection_for(self, path: str) -> Selection:
        """The selection of one file: per-file-ignores that match it hide their codes."""
        codes = tuple(c for pattern, base, found in self.per_file_ignores
                      if matches(path, pattern, base or self.root) for c in found)
        return self.selection._replace(file_ignore=codes) if codes else self.selection


DEFAULT_SETTINGS = Settings()


class Place(NamedTuple):
    """Where a table is written: to name it in messages and to find what it says."""

    origin: str  # the file, as shown
    folder: str  # its folder (absolute): relative paths in it start there
    table: str  # "[tool.lstmspec]" or "" for a whole lstmspec.toml
    text: str = ""  # the file's text, to locate a selector that names no code


def where(place: Place, key: str) -> str:
    return f"{place.origin}: {place.table + ' ' if place.table else ''}{key}"


def _limit(value, at: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise SettingsError(f"{at}: expected a positive whole number, got {value!r}")
    return value


def _budget_value(name: str, value, at: str):
    if name == "max-memory" and isinstance(value, str):
        try:
            return parse_size(value)
        except ValueError as err:
            raise SettingsError(f"{at}: {err}") from None
    if name == "slow-build-seconds":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise SettingsError(f"{at}: expected a positive number of seconds, got {value!r}")
        return float(value)
    return _limit(value, at)


def _texts(value, at: str, example: str) -> tuple:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise SettingsError(f"{at}: expected a list such as [{example}]")
    return tuple(value)


def _flag(value, at: str) -> bool:
    if not isinstance(value, bool):
        raise SettingsError(f"{at}: expected true or false, got {value!r}")
    return value


def _file_codes(value, at: str, place: Place) -> tuple:
    if not isinstance(value, dict):
        raise SettingsError(f"{at}: expected a table of patterns, such as "
                            "{\"models/legacy/*\" = [\"LS202\"]}")
    return tuple((pattern, place.folder, parse_selectors(codes, f"{at} {pattern!r}"))
                 for pattern, codes in value.items())


def nothing_selected(codes, key: str, place: Place) -> list[str]:
    """A warning, located in the file, for each selector that names no code."""
    notes = []
    for code in dict.fromkeys(codes):
        if not selects_nothing(code):
            continue
        found = re.search(rf"""["']{re.escape(code)}\b""", place.text, re.IGNORECASE)
        line, column = (place.text.count("\n", 0, found.start()) + 1,
                        found.start() - place.text.rfind("\n", 0, found.start())) \
            if found else (1, 1)
        notes.append(f"warning: {place.origin}:{line}:{column}: `{code}` in {key} names no "
                     "lstmspec code: it selects nothing; correct or remove it")
    return notes


def read_table(table, place: Place) -> dict:
    """The checked values of one table, by kebab-case key (only the keys it sets), plus
    "notes". Unknown keys and wrong values are SettingsError (with a suggestion)."""
    if not isinstance(table, dict):
        raise SettingsError(f"{place.origin}: {place.table or 'the file'} must be a table")
    out: dict = {"notes": [], "limits": {}, "budget": {}}
    for key, value in table.items():
        name, at = key.replace("_", "-"), where(place, key)
        if name in SELECTOR_KEYS:
            out[name] = parse_selectors(value, at)
            out["notes"] += nothing_selected(out[name], name, place)
        elif name in FILE_CODE_KEYS:
            out[name] = _file_codes(value, at, place)
            out["notes"] += nothing_selected([c for *_, cs in out[name] for c in cs], name, place)
        elif name in PATTERN_KEYS:
            out[name] = tuple((p, place.folder)
                              for p in _texts(value, at, '"models/legacy"'))
        elif name in FLAG_KEYS:
            out[name] = _flag(value, at)
        elif name == "data-roots":
            out[name] = tuple(os.path.join(place.folder, os.path.expanduser(v))
                              for v in _texts(value, at, '"../datasets"'))
        elif name == "extend":
            out[name] = os.path.join(place.folder, os.path.expanduser(
                _texts(value, at, '"../pyproject.toml"')[0]))
        elif name in LIMIT_KEYS:
            out["limits"][LIMIT_KEYS[name]] = _limit(value, at)
        elif name in BUDGET_KEYS:
            out["budget"][name.replace("-", "_")] = _budget_value(name, value, at)
        else:
            guess = closest(name, KEYS)
            hint = f"; did you mean `{guess}`?" if guess else f"; the keys are {', '.join(KEYS)}"
            raise SettingsError(f"{place.origin}: {place.table or 'the file'} has no key "
                                f"`{key}`{hint}")
    return out


def resolve(chain: list, origin: str | None, root: str | None) -> Settings:
    """Settings from tables, the extended ones first: a later `select` starts the selection
    again (as --select does on the command line), `extend-select`, `ignore`,
    `extend-exclude` and `extend-per-file-ignores` add, every other key replaces."""
    select, ignore, limits, budget, notes = ("ALL",), (), {}, {}, []
    fields: dict = {}
    for layer in chain:
        if "select" in layer:
            select, ignore = layer["select"], ()
        select += layer.get("extend-select", ())
        ignore += layer.get("ignore", ())
        limits.update(layer["limits"])
        budget.update(layer["budget"])
        notes += layer["notes"]
        for key, adds in (("exclude", "extend-exclude"),
                          ("per-file-ignores", "extend-per-file-ignores")):
            if key in layer:
                fields[key] = layer[key]
            if adds in layer:
                fields[key] = fields.get(key, DEFAULT_SETTINGS._asdict()[key.replace("-", "_")]) \
                    + layer[adds]
        for key in ("data-roots", *FLAG_KEYS):
            if key in layer:
                fields[key] = layer[key]
    return DEFAULT_SETTINGS._replace(
        selection=Selection(select, ignore), limits=DEFAULT_LIMITS._replace(**limits),
        budget=DEFAULT_BUDGET._replace(**budget), origin=origin, root=root,
        notes=tuple(dict.fromkeys(notes)),
        **{key.replace("-", "_"): value for key, value in fields.items()})


def from_table(table: dict, origin: str, folder: str | None = None) -> Settings:
    """Settings from one [tool.lstmspec] table (no `extend`); `folder`: the absolute folder
    of the file (relative paths in the table start there)."""
    folder = folder or os.path.dirname(os.path.abspath(origin))
    layer = read_table(table, Place(origin, folder, "[tool.lstmspec]"))
    return resolve([layer], origin, folder)
