"""Expanding the PATH arguments of `lint`: files as given, directories walked for configs."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

CONFIG_SUFFIXES = (".yaml", ".yml")
SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"}
# A config has a top-level `layers:` key or names the lstmspec schema in its modeline.
_LOOKS_LIKE_CONFIG = re.compile(rb"^layers\s*:|\$schema=\S*lstmspec", re.MULTILINE)


@dataclass
class Expanded:
    files: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # one-line messages, each an exit-2 problem


def looks_like_config(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(1_000_000)
    except OSError:
        return True  # let the reader report it
    return bool(_LOOKS_LIKE_CONFIG.search(head))


def walk(directory: str, out: Expanded) -> None:
    found = 0
    seen_dirs = set()
    for root, dirs, files in os.walk(directory, followlinks=False):
        real = os.path.realpath(root)
        if real in seen_dirs:
            dirs[:] = []
            continue
        seen_dirs.add(real)
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.endswith(CONFIG_SUFFIXES) and os.path.isfile(path) and looks_like_config(path):
                out.files.append(path)
                found += 1
    if not found:
        out.problems.append(f"{directory}: no lstmspec config (*.yaml, *.yml with `layers:`) "
                            "found in this directory")


def expand(paths) -> Expanded:
    out = Expanded()
    for path in paths:
        if os.path.isdir(path):
            walk(path, out)
        elif os.path.isfile(path):
            out.files.append(path)
        elif os.path.islink(path):
            out.problems.append(f"{path}: broken symbolic link (or a symlink loop)")
        else:
            out.problems.append(f"{path}: no such file or directory")
    return out
