"""Settings: the [tool.lstmspec] table of the nearest pyproject.toml, and code selection.

The table is looked for by walking up from each linted file; the first pyproject.toml that
has a [tool.lstmspec] table wins (as ruff does with [tool.ruff]). Keys:

    select = ["LS1", "LS3"]      # codes or prefixes to report ("ALL" is every code)
    ignore = ["LS202"]           # codes or prefixes not to report
    max-bytes = 1000000          # any field of source.Limits, in kebab-case
    max-params = 50000000        # the LS5xx budget: max-params, max-memory ("2GB"),
    max-memory = "2GB"           # slow-build-seconds
    data-roots = ["../datasets"] # folders outside the project lint may read data files from

Lint reads a data file only inside the project: the folder of the settings file, the git
work tree of the config, and the `data-roots` (relative to the settings file); see
`data_access` and datafacts/access.py.

Command-line options are a layer on top: `--select` replaces the file's selection (and its
ignore list), `--ignore` adds to it. Within a layer the most specific prefix wins, and an
ignore beats a select of the same length.
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple, Optional

from .datafacts.access import DataAccess
from .inference.budget import DEFAULT_BUDGET, Budget, parse_size
from .source.yaml_source import DEFAULT_LIMITS, Limits
from .suggest import closest

SELECTOR = re.compile(r"^(ALL|LS[0-9]{0,3})$")
TABLE = "[tool.lstmspec]"


class SettingsError(Exception):
    """A pyproject.toml or an option that cannot be used: a one-line message, exit status 2."""


def parse_selectors(values, where: str) -> tuple[str, ...]:
    """`["LS1", "LS202,LS203"]` -> ("LS1", "LS202", "LS203"); a malformed entry is an error."""
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, (list, tuple)):
        raise SettingsError(f"{where}: expected a list of codes such as [\"LS1\", \"LS202\"]")
    out = []
    for value in values:
        if not isinstance(value, str):
            raise SettingsError(f"{where}: codes are text, such as \"LS202\"; got {value!r}")
        for part in filter(None, (p.strip().upper() for p in value.split(","))):
            if not SELECTOR.match(part):
                raise SettingsError(f"{where}: '{part}' is not a code or prefix (LS, LS1, LS102, "
                                    "ALL)")
            out.append(part)
    return tuple(out)


def _specificity(code: str, selectors) -> int:
    """Length of the longest selector matching `code` (ALL counts as 0), or -1 for none."""
    best = -1
    for sel in selectors:
        if sel == "ALL":
            best = max(best, 0)
        elif code.startswith(sel):
            best = max(best, len(sel))
    return best


class Selection(NamedTuple):
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()

    def enabled(self, code: str) -> bool:
        chosen = _specificity(code, self.select)
        return chosen >= 0 and chosen > _specificity(code, self.ignore)

    def layered(self, select=(), ignore=()) -> Selection:
        """The command line's --select/--ignore on top of this (the file's) selection."""
        if select:
            return Selection(tuple(select), tuple(ignore))
        return Selection(self.select, self.ignore + tuple(ignore))


class Settings(NamedTuple):
    selection: Selection = Selection()
    limits: Limits = DEFAULT_LIMITS
    budget: Budget = DEFAULT_BUDGET
    origin: Optional[str] = None  # the pyproject.toml the settings came from
    root: Optional[str] = None  # the folder that holds it (absolute)
    data_roots: tuple = ()  # absolute folders outside the project lint may read data from


DEFAULT_SETTINGS = Settings()
LIMIT_KEYS = {name.replace("_", "-"): name for name in Limits._fields}
BUDGET_KEYS = ("max-params", "max-memory", "slow-build-seconds")
KEYS = ("select", "ignore", *LIMIT_KEYS, *BUDGET_KEYS, "data-roots")


def _limit(value, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise SettingsError(f"{where}: expected a positive whole number, got {value!r}")
    return value


def _budget_value(name: str, value, where: str):
    if name == "max-memory" and isinstance(value, str):
        try:
            return parse_size(value)
        except ValueError as err:
            raise SettingsError(f"{where}: {err}") from None
    if name == "slow-build-seconds":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise SettingsError(f"{where}: expected a positive number of seconds, got {value!r}")
        return float(value)
    return _limit(value, where)


def _folders(value, where: str, base: str) -> tuple:
    """`data-roots`: folders, relative to the settings file's folder (`~` expanded)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise SettingsError(f"{where}: expected a list of folders such as [\"../datasets\"]")
    return tuple(os.path.join(base, os.path.expanduser(v)) for v in value)


def from_table(table: dict, origin: str, folder: str | None = None) -> Settings:
    """Settings from a [tool.lstmspec] table; unknown keys are errors (with a suggestion).
    `folder`: the absolute folder of the file (relative paths in the table start there)."""
    if not isinstance(table, dict):
        raise SettingsError(f"{origin}: {TABLE} must be a table")
    folder = folder or os.path.dirname(os.path.abspath(origin))
    selection, limits, budget, roots = Selection(), {}, {}, ()
    for key, value in table.items():
        name = key.replace("_", "-")
        where = f"{origin}: {TABLE} {key}"
        if name in ("select", "ignore"):
            selection = selection._replace(**{name: parse_selectors(value, where)})
        elif name in LIMIT_KEYS:
            limits[LIMIT_KEYS[name]] = _limit(value, where)
        elif name in BUDGET_KEYS:
            budget[name.replace("-", "_")] = _budget_value(name, value, where)
        elif name == "data-roots":
            roots = _folders(value, where, folder)
        else:
            guess = closest(name, KEYS)
            hint = f"; did you mean `{guess}`?" if guess else f"; the keys are {', '.join(KEYS)}"
            raise SettingsError(f"{origin}: {TABLE} has no key `{key}`{hint}")
    return Settings(selection, DEFAULT_LIMITS._replace(**limits),
                    DEFAULT_BUDGET._replace(**budget), origin, folder, roots)


# A pyproject.toml can hold a [tool.lstmspec] table only if it spells the dotted key
# (`[tool.lstmspec]`, `tool.lstmspec.select = ...`, `[ tool . "lstmspec" ]`), has a [tool] table
# or an inline `tool = {...}`: one that only names lstmspec (a dependency, a script, its own
# `name = "lstmspec"`) is not parsed, so lint does not import tomllib for it.
_MAY_HAVE_TABLE = re.compile(rb"""tool["']?[ \t]*\.[ \t]*["']?lstmspec"""
                             rb"""|\[[ \t]*["']?tool["']?[ \t]*\]|tool["']?[ \t]*=[ \t]*\{""")


def _read_toml(path: str) -> dict | None:
    """The parsed file, or None when it cannot have a [tool.lstmspec] table (cheap checks
    first)."""
    with open(path, "rb") as handle:
        raw = handle.read()
    if b"lstmspec" not in raw or not _MAY_HAVE_TABLE.search(raw):
        return None
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise SettingsError(f"{path}: not valid TOML ({err}); fix the file or remove its "
                            f"{TABLE} table") from None


_CACHE: dict[str, Settings] = {}


def settings_for_dir(directory: str) -> Settings:
    directory = os.path.abspath(directory)
    if directory in _CACHE:
        return _CACHE[directory]
    candidate = os.path.join(directory, "pyproject.toml")
    found = None
    if os.path.isfile(candidate):
        try:
            doc = _read_toml(candidate)
        except OSError as err:
            raise SettingsError(f"{candidate}: cannot read: {err.strerror or err}") from None
        table = (doc or {}).get("tool", {}).get("lstmspec") if isinstance(doc, dict) else None
        if table is not None:
            found = from_table(table, os.path.relpath(candidate), directory)
    if found is None:
        parent = os.path.dirname(directory)
        found = DEFAULT_SETTINGS if parent == directory else settings_for_dir(parent)
    _CACHE[directory] = found
    return found


def settings_for(path: str) -> Settings:
    """The settings that apply to the file at `path` (raises SettingsError)."""
    return settings_for_dir(os.path.dirname(os.path.abspath(path)))


def clear_cache() -> None:
    _CACHE.clear()
    _WORK_TREES.clear()


_WORK_TREES: dict[str, Optional[str]] = {}


def git_work_tree(directory: str) -> str | None:
    """The git work tree that holds `directory` (the nearest folder with a `.git` entry: a
    folder, or a file in a worktree or submodule), or None."""
    directory = os.path.realpath(directory)
    if directory not in _WORK_TREES:
        parent = os.path.dirname(directory)
        _WORK_TREES[directory] = directory if os.path.lexists(os.path.join(directory, ".git")) \
            else None if parent == directory else git_work_tree(parent)
    return _WORK_TREES[directory]


def config_folder(config_path: str) -> str:
    """The folder a config's relative paths start from (the current one for `<stdin>`)."""
    if not config_path or config_path.startswith("<"):
        return os.getcwd()
    return os.path.dirname(os.path.abspath(config_path))


def data_access(config_path: str, settings: Settings = DEFAULT_SETTINGS) -> DataAccess:
    """Where lint may read the data files of the config at `config_path`: the folder of its
    settings file, its git work tree (or, with neither, its own folder), and the settings'
    `data-roots`."""
    folder = config_folder(config_path)
    roots = [r for r in (settings.root, git_work_tree(folder)) if r] or [folder]
    roots += settings.data_roots
    return DataAccess(tuple(dict.fromkeys(os.path.realpath(r) for r in roots)))
