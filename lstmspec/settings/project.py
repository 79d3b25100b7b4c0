"""The project a config belongs to: its git work tree, the folder its relative paths start
from, and the folders lint may read its data files from (datafacts/access.py)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from ..datafacts.access import DataAccess

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


def data_access(config_path: str, settings=None) -> DataAccess:
    """Where lint may read the data files of the config at `config_path`: the folder of its
    settings file, its git work tree (or, with neither, its own folder), and the settings'
    `data-roots`."""
    key = (config_folder(config_path), getattr(settings, "root", None),
           tuple(getattr(settings, "data_roots", ())))
    if key not in _ACCESS:
        from ..datafacts.access import DataAccess

        folder, root, data_roots = key
        roots = [r for r in (root, git_work_tree(folder)) if r] or [folder]
        _ACCESS[key] = DataAccess(tuple(dict.fromkeys(
            os.path.realpath(r) for r in roots + list(data_roots))))
    return _ACCESS[key]


_ACCESS: dict = {}


def clear() -> None:
    _WORK_TREES.clear()
    _ACCESS.clear()
