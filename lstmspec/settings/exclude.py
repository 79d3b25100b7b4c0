"""Which paths are left out by the `exclude`/`extend-exclude` patterns (ruff's conventions);
gitignore.py leaves out what git ignores."""

from __future__ import annotations

import os
from fnmatch import fnmatchcase

# ruff's default `exclude`, and the caches lstmspec's own tools leave
DEFAULT_EXCLUDE = (".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".mypy_cache",
                   ".nox", ".pants.d", ".pytype", ".ruff_cache", ".svn", ".tox", ".venv",
                   "__pypackages__", "__pycache__", "_build", "buck-out", "dist",
                   "node_modules", "venv")


def matches(path: str, pattern: str, base: str | None) -> bool:
    """Whether `path` (a file or folder) or a folder above it, up to `base`, matches a pattern:
    a name without `/` (`legacy`, `*.draft.yaml`) matches any of those names; a pattern with
    `/` (`models/legacy`, `configs/*.yaml`) matches the path relative to `base` (the folder
    of the settings file that says it, or the current folder)."""
    full = os.path.abspath(path)
    base = os.path.abspath(base or os.curdir)
    relative = os.path.relpath(full, base)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        relative = os.path.basename(full)  # outside the base: only its own name counts
    parts = relative.replace(os.sep, "/").split("/")
    pattern = pattern.replace(os.sep, "/").rstrip("/")
    if pattern.startswith("./"):
        pattern = pattern[2:]
    if "/" not in pattern:
        return any(fnmatchcase(part, pattern) for part in parts)
    return any(fnmatchcase("/".join(parts[:end]), pattern) for end in range(1, len(parts) + 1))


def excluded(path: str, settings) -> bool:
    return any(matches(path, pattern, base or settings.root)
               for pattern, base in settings.exclude)
