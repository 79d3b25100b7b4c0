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


def _parts(path: str, base: str | None) -> list[str]:
    """The names of `path` relative to `base` (only its own name when it is outside)."""
    full = os.path.abspath(path)
    relative = os.path.relpath(full, os.path.abspath(base or os.curdir))
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return [os.path.basename(full)]
    return relative.replace(os.sep, "/").split("/")


def _normal(pattern: str) -> str:
    pattern = pattern.replace(os.sep, "/").rstrip("/")
    return pattern[2:] if pattern.startswith("./") else pattern


def _matches_parts(parts: list, pattern: str) -> bool:
    if "/" not in pattern:
        return any(fnmatchcase(part, pattern) for part in parts)
    return any(fnmatchcase("/".join(parts[:end]), pattern) for end in range(1, len(parts) + 1))


def matches(path: str, pattern: str, base: str | None) -> bool:
    """Whether `path` (a file or folder) or a folder above it, up to `base`, matches a pattern:
    a name without `/` (`legacy`, `*.draft.yaml`) matches any of those names; a pattern with
    `/` (`models/legacy`, `configs/*.yaml`) matches the path relative to `base` (the folder
    of the settings file that says it, or the current folder)."""
    return _matches_parts(_parts(path, base), _normal(pattern))


class _Matcher:
    """One exclude list, compiled: literal names as a set, the rest as patterns, by base."""

    def __init__(self, exclude: tuple, root: str | None):
        self.by_base: dict = {}
        for pattern, base in exclude:
            pattern = _normal(pattern)
            names, others = self.by_base.setdefault(base or root, (set(), []))
            if "/" in pattern or any(c in pattern for c in "*?["):
                others.append(pattern)
            else:
                names.add(pattern)

    def __call__(self, path: str) -> bool:
        for base, (names, others) in self.by_base.items():
            parts = _parts(path, base)
            if names.intersection(parts) or any(_matches_parts(parts, p) for p in others):
                return True
        return False


_MATCHERS: dict = {}


def excluded(path: str, settings) -> bool:
    """Whether the settings' exclude patterns leave `path` out (a walk asks for every file
    and folder: the patterns are compiled once per exclude list)."""
    key = (settings.exclude, settings.root)
    matcher = _MATCHERS.get(key)
    if matcher is None:
        matcher = _MATCHERS[key] = _Matcher(*key)
    return matcher(path)
