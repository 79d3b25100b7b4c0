"""Code selection: which codes a file's report shows (`select`, `extend-select`, `ignore`, the
command line on top), and the selectors that name no code at all."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..codes import CODES

SELECTOR = re.compile(r"^(ALL|LS[0-9]{0,3})$")


class SettingsError(Exception):
    """A settings file or an option that cannot be used: a one-line message, exit status 2."""


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


def selects_nothing(selector: str) -> bool:
    """A well-formed selector that no code starts with (`LS999`, `LS7`): it does nothing."""
    return selector != "ALL" and not any(code.startswith(selector) for code in CODES)


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
    # per-file-ignores that match the file: they hide their codes whatever is selected
    file_ignore: tuple[str, ...] = ()

    def enabled(self, code: str) -> bool:
        if self.file_ignore and _specificity(code, self.file_ignore) >= 0:
            return False
        chosen = _specificity(code, self.select)
        return chosen >= 0 and chosen > _specificity(code, self.ignore)

    def layered(self, select=(), ignore=(), extend_select=()) -> Selection:
        """The command line's --select/--ignore/--extend-select on top of this (the file's)
        selection: --select replaces the file's select and ignore, the others add."""
        if select:
            return Selection(tuple(select) + tuple(extend_select), tuple(ignore),
                             self.file_ignore)
        return Selection(self.select + tuple(extend_select), self.ignore + tuple(ignore),
                         self.file_ignore)
