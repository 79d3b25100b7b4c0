"""Finding the configs under the PATH arguments of `lint`: files as given, directories walked.

A path that cannot be linted (missing, unreadable, a broken symlink or a symlink loop, a FIFO or
device, a directory without configs) becomes one one-line problem (exit status 2); the other
paths are still linted. Nothing here blocks: FIFOs are never opened, symlinked directories are
not followed.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field

from .text_file import display_path, read_bounded

CONFIG_SUFFIXES = (".yaml", ".yml")
SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"}
# A config has a top-level `layers:` key or names the lstmspec schema in its modeline.
_LOOKS_LIKE_CONFIG = re.compile(rb"^layers\s*:|\$schema=\S*lstmspec", re.MULTILINE)
HEAD_BYTES = 1_000_000

_ERRNO_TEXT = {
    errno.ELOOP: "a symbolic link loop",
    errno.ENOTDIR: "no such file or directory (a part of the path is a file)",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENAMETOOLONG: "the file name is too long",
}
NOT_REGULAR = "not a regular file (a FIFO, socket or device): lint reads only files"


@dataclass
class Expanded:
    files: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # one-line messages, each an exit-2 problem


def problem(path: str, what: str) -> str:
    return f"{display_path(path)}: {what}"


def os_error_text(path: str, err: OSError) -> str:
    """What an OSError on `path` means, in a few words."""
    if err.errno == errno.ENOENT:
        if os.path.islink(path):
            return "a broken symbolic link (its target does not exist)"
        return "no such file or directory"
    return _ERRNO_TEXT.get(err.errno, f"cannot read it: {err.strerror or err}")


def looks_like_config(path: str) -> bool:
    try:
        head = read_bounded(path, HEAD_BYTES)
    except OSError:
        return True  # let the reader report it
    return bool(_LOOKS_LIKE_CONFIG.search(head))


def walk_file(path: str, out: Expanded) -> bool:
    """Add a `*.yaml` found in a directory if it is a config; report it if it cannot be read."""
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        out.problems.append(problem(path, os_error_text(path, err)))
        return False
    if stat.S_ISDIR(mode):
        return False  # a directory named like a config: os.walk visits it (unless a symlink)
    if not stat.S_ISREG(mode):
        out.problems.append(problem(path, NOT_REGULAR))
        return False
    if looks_like_config(path):
        out.files.append(path)
        return True
    return False


def walk(directory: str, out: Expanded) -> None:
    found = 0

    def unreadable(err: OSError) -> None:
        where = err.filename if isinstance(err.filename, str) else directory
        out.problems.append(problem(where, f"cannot list this directory: "
                                    f"{os_error_text(where, err)}"))

    for root, dirs, files in os.walk(directory, onerror=unreadable, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(CONFIG_SUFFIXES):
                found += walk_file(os.path.join(root, name), out)
    if not found:
        out.problems.append(problem(directory, "no lstmspec config (*.yaml, *.yml with "
                                    "`layers:`) found in this directory"))


def expand(paths) -> Expanded:
    out = Expanded()
    for path in paths:
        try:
            mode = os.stat(path).st_mode
        except OSError as err:
            out.problems.append(problem(path, os_error_text(path, err)))
            continue
        if stat.S_ISDIR(mode):
            walk(path, out)
        elif stat.S_ISREG(mode):
            out.files.append(path)
        else:
            out.problems.append(problem(path, NOT_REGULAR))
    return out
