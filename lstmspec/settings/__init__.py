"""Settings, found and layered by ruff's conventions, and the project a config belongs to.

A file's settings are those of the nearest folder, from the file up, that holds a
`.lstmspec.toml` or `lstmspec.toml` (keys at the top level) or a `pyproject.toml` with a
[tool.lstmspec] table (files.py). The nearest file wins whole; `extend = "../pyproject.toml"`
builds on another one. Keys (table.py; underscores work as well as dashes):

    select = ["LS1", "LS3"]        # codes or prefixes to report ("ALL" is every code)
    extend-select = ["LS290"]      # added to select
    ignore = ["LS202"]             # codes or prefixes not to report
    per-file-ignores = {"models/legacy/*" = ["LS202"]}   # extend-per-file-ignores adds
    exclude = ["drafts"]           # replaces the default list; extend-exclude adds to it
    force-exclude = true           # exclude files named on the command line too (pre-commit)
    respect-gitignore = true       # leave out what git ignores (the default)
    extend = "../pyproject.toml"   # the settings this file builds on
    data-roots = ["../datasets"]   # folders outside the project lint may read data files from
    max-bytes = 1000000            # any field of source.Limits, in kebab-case
    max-params = 50000000          # the LS5xx budget: max-params, max-memory ("2GB"),
    max-memory = "2GB"             # slow-build-seconds

Lint reads a data file only inside the project: the folder of the settings file, the git
work tree of the config, and the `data-roots` (project.py, datafacts/access.py).

Command-line options are a layer on top: `--select` replaces the file's selection (and its
ignore list), `--ignore` and `--extend-select` add to it. Within a layer the most specific
prefix wins, and an ignore beats a select of the same length; per-file-ignores hide their
codes whatever is selected.
"""

from __future__ import annotations

from . import files, project
from .files import DEFAULT_MODE, SETTINGS_FILES, Mode, one_pass, settings_for, settings_for_dir
from .project import config_folder, data_access, git_work_tree
from .selection import Selection, SettingsError, parse_selectors, selects_nothing
from .table import DEFAULT_SETTINGS, KEYS, Settings, from_table

__all__ = ["DEFAULT_MODE", "DEFAULT_SETTINGS", "KEYS", "Mode", "SETTINGS_FILES", "Selection",
           "Settings", "SettingsError", "clear_cache", "config_folder", "data_access",
           "from_table", "git_work_tree", "one_pass", "parse_selectors", "selects_nothing",
           "settings_for", "settings_for_dir"]


def clear_cache() -> None:
    """Forget every settings file and work tree read (a file may have changed)."""
    files.clear()
    project.clear()
