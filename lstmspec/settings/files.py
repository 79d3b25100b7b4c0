"""Finding a file's settings, by ruff's conventions: in each folder from the file up, the first
of `.lstmspec.toml`, `lstmspec.toml` (whole files) and a `pyproject.toml` with a
[tool.lstmspec] table; the nearest wins, and it may `extend` another settings file. `--config
FILE` uses one file for everything, `--isolated` none."""

from __future__ import annotations

import os
import re
from typing import NamedTuple, Optional

from .selection import SettingsError
from .table import DEFAULT_SETTINGS, Place, Settings, read_table, resolve

SETTINGS_FILES = (".lstmspec.toml", "lstmspec.toml", "pyproject.toml")
TABLE = "[tool.lstmspec]"
# A pyproject.toml can hold a [tool.lstmspec] table only if it spells the dotted key
# (`[tool.lstmspec]`, `tool.lstmspec.select = ...`, `[ tool . "lstmspec" ]`), has a [tool] table
# or an inline `tool = {...}`: one that only names lstmspec (a dependency, a script, its own
# `name = "lstmspec"`) is not parsed, so lint does not import tomllib for it.
_MAY_HAVE_TABLE = re.compile(rb"""tool["']?[ \t]*\.[ \t]*["']?lstmspec"""
                             rb"""|\[[ \t]*["']?tool["']?[ \t]*\]|tool["']?[ \t]*=[ \t]*\{""")


class Mode(NamedTuple):
    """How settings are found: the nearest file (the default), one `--config` file, or none
    (`--isolated`)."""

    config: Optional[str] = None
    isolated: bool = False


DEFAULT_MODE = Mode()


def _parse_toml(path: str, raw: bytes) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise SettingsError(f"{path}: not valid TOML ({err}); fix the file") from None


def read_file(path: str) -> tuple[dict | None, Place]:
    """The settings table a file holds (None: a pyproject.toml without one) and its place."""
    origin, folder = os.path.relpath(path), os.path.dirname(os.path.abspath(path))
    pyproject = os.path.basename(path) == "pyproject.toml"
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as err:
        raise SettingsError(f"{origin}: cannot read: {err.strerror or err}") from None
    place = Place(origin, folder, TABLE if pyproject else "",
                  raw.decode("utf-8", "replace"))
    if pyproject and (b"lstmspec" not in raw or not _MAY_HAVE_TABLE.search(raw)):
        return None, place
    doc = _parse_toml(origin, raw)
    if not pyproject:
        return doc, place
    tool = doc.get("tool")
    return (tool.get("lstmspec") if isinstance(tool, dict) else None), place


def load(path: str, seen: tuple = ()) -> list:
    """The tables of a settings file and of the files it extends, the farthest first."""
    real = os.path.realpath(path)
    if real in seen:
        raise SettingsError(f"{os.path.relpath(path)}: `extend` goes round in a circle "
                            f"({' -> '.join(os.path.relpath(p) for p in seen + (real,))})")
    table, place = read_file(path)
    if table is None:
        raise SettingsError(f"{place.origin}: has no {TABLE} table to use")
    layer = read_table(table, place)
    if "extend" not in layer:
        return [layer]
    base = layer["extend"]
    if not os.path.isfile(base):
        raise SettingsError(f"{place.origin}: `extend` names {os.path.relpath(base)}, which "
                            "does not exist")
    return load(base, seen + (real,)) + [layer]


def settings_file(directory: str) -> str | None:
    """The settings file of a folder itself, or None."""
    for name in SETTINGS_FILES:
        candidate = os.path.join(directory, name)
        if not os.path.isfile(candidate):
            continue
        if name != "pyproject.toml" or read_file(candidate)[0] is not None:
            return candidate
    return None


def from_file(path: str) -> Settings:
    return resolve(load(path), os.path.relpath(path), os.path.dirname(os.path.abspath(path)))


_CACHE: dict[tuple, Settings] = {}


def settings_for_dir(directory: str, mode: Mode = DEFAULT_MODE) -> Settings:
    """The settings that apply in `directory` (raises SettingsError)."""
    if mode.isolated:
        return DEFAULT_SETTINGS
    if mode.config is not None:
        key = ("config", os.path.abspath(mode.config))
        if key not in _CACHE:
            _CACHE[key] = from_file(mode.config)
        return _CACHE[key]
    directory = os.path.abspath(directory)
    if directory in _CACHE:
        return _CACHE[directory]
    found = settings_file(directory)
    if found is not None:
        settings = from_file(found)
    else:
        parent = os.path.dirname(directory)
        settings = DEFAULT_SETTINGS if parent == directory else settings_for_dir(parent)
    _CACHE[directory] = settings
    return settings


def settings_for(path: str, mode: Mode = DEFAULT_MODE) -> Settings:
    """The settings that apply to the file at `path` (raises SettingsError)."""
    folder = os.getcwd() if path.startswith("<") else os.path.dirname(os.path.abspath(path))
    return settings_for_dir(folder, mode)


def clear() -> None:
    _CACHE.clear()
