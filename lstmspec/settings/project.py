"""The project a config belongs to: its git work tree, the folder its relative paths start
from, and the folders lint may read its data files from (datafacts/access.py)."""

from __future__ import annotations

import os
from typing import Optional

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
    folder = config_folder(config_path)
    root = getattr(settings, "root", None)
    roots = [r for r in (root, git_work_tree(folder)) if r] or [folder]
    roots += list(getattr(settings, "data_roots", ()))
    return DataAccess(tuple(dict.fromkeys(os.path.realpath(r) for r in roots)))


def clear() -> None:
    _WORK_TREES.clear()
