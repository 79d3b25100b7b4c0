"""Which data files lint may open: regular files inside the project's roots, nothing else.

A config under review names its own data path, so a pull request could point it at
`/proc/self/environ`, `~/.ssh/id_rsa` or `../../secret.csv` and have lint print the first line
as "its columns" in a public CI log. Lint therefore opens a data file only when its real path
(symbolic links resolved) lies inside one of the roots: the folder that holds the project's
settings, the git work tree, and the folders the settings add (`data-roots`); and only when it
is a regular file outside the kernel's pseudo file systems. A path outside the roots is not
even looked at (no stat: its existence is nobody's business). The commands that read the data
anyway (`run`, `tune`, `backtest`) lint with no roots (`UNRESTRICTED`).
"""

from __future__ import annotations

import errno
import os
import stat
from typing import NamedTuple, Optional

# Files whose content the kernel makes up as it is read: a "regular" file there (procfs says
# S_IFREG, size 0) may hold the process's environment or memory.
PSEUDO_FILE_SYSTEMS = {"/proc": "the kernel's process files", "/sys": "the kernel's system files",
                       "/dev": "devices"}
_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISDIR, "a directory"))


class DataAccess(NamedTuple):
    """The folders lint may read data from (real paths), or None for no restriction."""

    roots: Optional[tuple] = None

    @property
    def restricted(self) -> bool:
        return self.roots is not None


UNRESTRICTED = DataAccess(None)


class Refused(NamedTuple):
    """Why lint does not open a data file: `outside` the roots, `special` (not a regular
    file), or `missing`; `what` says it in a few words."""

    reason: str
    what: str


def inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def special_kind(mode: int) -> str | None:
    return next((what for test, what in _KINDS if test(mode)), None)


def outside(path: str, access: DataAccess) -> bool:
    """Whether `path`, symbolic links resolved, lies outside every root."""
    real = os.path.realpath(path)
    return access.restricted and not any(inside(real, root) for root in access.roots)


def refusal(path: str, access: DataAccess) -> Refused | None:
    """None when lint may open `path`, else why not: a pseudo file system's file (by its real
    path alone), a path outside the roots (never stat'ed), then anything but a regular file."""
    real = os.path.realpath(path)
    pseudo = next((p for p in PSEUDO_FILE_SYSTEMS if inside(real, p)), None)
    if pseudo is not None:
        return Refused("special", f"it is under {pseudo} ({PSEUDO_FILE_SYSTEMS[pseudo]}): lint "
                       "reads only regular files")
    if outside(path, access):
        return Refused("outside", "outside the folders lint reads data from")
    try:
        mode = os.stat(real).st_mode
    except OSError as err:
        if err.errno in (errno.ENOENT, errno.ENOTDIR):
            return Refused("missing", "no such file")
        return Refused("special", f"it cannot be read: {err.strerror or err}")
    kind = special_kind(mode)
    if kind is not None:
        return Refused("special", f"it is {kind}: lint reads only regular files")
    return None


def open_regular(path: str, mode: str = "rb", **options):
    """Open a data file for reading without ever blocking: a FIFO or device that appeared since
    `refusal` looked is refused after a non-blocking open (OSError), never read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        kind = special_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise OSError(errno.EINVAL, f"it is {kind}: lint reads only regular files", path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, mode, **options)
    except BaseException:
        os.close(fd)
        raise
