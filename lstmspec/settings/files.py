"""Finding a file's settings, by ruff's conventions: in each folder from the file up, the first
of `.lstmspec.toml`, `lstmspec.toml` (whole files) and a `pyproject.toml` with a
[tool.lstmspec] table; the nearest wins, and it may `extend` another settings file. `--config
FILE` uses one file for everything, `--isolated` none."""

from __future__ import annotations

import contextlib
import os
import re
import time
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


def stat_stamp(path: str) -> tuple | None:
    """What says a file changed: (mtime_ns, size, inode), or None where nothing is there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def load(path: str, seen: tuple = (), read: list | None = None) -> list:
    """The tables of a settings file and of the files it extends, the farthest first; each
    file's (path, stat stamp taken before reading it) is added to `read`."""
    real = os.path.realpath(path)
    if real in seen:
        raise SettingsError(f"{os.path.relpath(path)}: `extend` goes round in a circle "
                            f"({' -> '.join(os.path.relpath(p) for p in seen + (real,))})")
    if read is not None:
        read.append((path, stat_stamp(path)))
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
    return load(base, seen + (real,), read) + [layer]


def _look(directory: str, looked: list) -> str | None:
    """The settings file of a folder itself, or None; each name looked at is added to `looked`
    with its stat stamp (None: absent), taken before the file is read."""
    for name in SETTINGS_FILES:
        candidate = os.path.join(directory, name)
        stamp = stat_stamp(candidate)
        looked.append((candidate, stamp))
        if stamp is None or not os.path.isfile(candidate):
            continue
        if name != "pyproject.toml" or read_file(candidate)[0] is not None:
            return candidate
    return None


def from_file(path: str, read: list | None = None) -> Settings:
    return resolve(load(path, read=read), os.path.relpath(path),
                   os.path.dirname(os.path.abspath(path)))


class _Entry(NamedTuple):
    """A folder's answer and what it was read from: the files read or found absent, each
    with its stat stamp; `parent` where the folder has no settings file of its own."""

    stamps: Optional[tuple]  # None: racy, read again when asked again
    settings: Optional[Settings]
    parent: Optional[str] = None


# A long-lived process (the language server) asks again and again: an answer is kept while
# every file it was read from, or found absent, keeps its stat stamp. As git does with racy
# index entries, an answer read from a file modified less than RACY_NS before is not kept: a
# file system's clock ticks (a few ms; 1 s or 2 s on some) could hide a second edit of the
# same size within the tick, and the next question reads the file again.
_CACHE: dict[object, _Entry] = {}
RACY_NS = 2_000_000_000
# Within one pass over many files (one lint run, one_pass), an answer is checked once: 300
# files in one folder would otherwise cost 300 stats of each file the answer depends on.
_answers: Optional[dict] = None


@contextlib.contextmanager
def one_pass():
    """Questions asked inside are one pass: each folder's answer is checked against its files
    once (a settings file edited during a lint run may not be seen by that run)."""
    global _answers
    if _answers is not None:  # already in a pass
        yield
        return
    _answers = {}
    try:
        yield
    finally:
        _answers = None


def _entry(stamps: list, settings: Settings | None, parent: str | None, taken: int) -> _Entry:
    racy = any(stamp is not None and stamp[0] > taken - RACY_NS for _, stamp in stamps)
    return _Entry(None if racy else tuple(stamps), settings, parent)


def _fresh(entry: _Entry | None) -> bool:
    return entry is not None and entry.stamps is not None and \
        all(stat_stamp(path) == stamp for path, stamp in entry.stamps)


def _for_config(config: str, key: tuple) -> Settings:
    entry = _CACHE.get(key)
    if not _fresh(entry):
        read: list = []
        taken = time.time_ns()
        entry = _CACHE[key] = _entry(read, from_file(config, read), None, taken)
    return entry.settings


def _for_folder(directory: str) -> Settings:
    entry = _CACHE.get(directory)
    if not _fresh(entry):
        entry = _CACHE[directory] = _read_folder(directory)
    return _for_folder(entry.parent) if entry.parent is not None else entry.settings


def _read_folder(directory: str) -> _Entry:
    stamps: list = []
    taken = time.time_ns()
    found = _look(directory, stamps)
    parent = os.path.dirname(directory)
    if found is not None:
        settings, parent = from_file(found, stamps), None
    elif parent == directory:  # the root: nothing anywhere
        settings, parent = DEFAULT_SETTINGS, None
    else:
        settings = None  # the parent's answer, asked for (and checked) after this one
    return _entry(stamps, settings, parent, taken)


def settings_for_dir(directory: str, mode: Mode = DEFAULT_MODE) -> Settings:
    """The settings that apply in `directory` (raises SettingsError)."""
    if mode.isolated:
        return DEFAULT_SETTINGS
    config = mode.config
    key = os.path.abspath(directory) if config is None else ("config", os.path.abspath(config))
    if _answers is not None and key in _answers:
        return _answers[key]
    settings = _for_folder(key) if config is None else _for_config(config, key)
    if _answers is not None:
        _answers[key] = settings
    return settings


def settings_for(path: str, mode: Mode = DEFAULT_MODE) -> Settings:
    """The settings that apply to the file at `path` (raises SettingsError)."""
    folder = os.getcwd() if path.startswith("<") else os.path.dirname(os.path.abspath(path))
    return settings_for_dir(folder, mode)


def clear() -> None:
    _CACHE.clear()
