"""YAML 1.2 core-schema resolution of plain scalars (PyYAML only knows YAML 1.1).

Only ``true``/``false`` are booleans, ``1e-3`` is a float, ``0755`` is the decimal 755,
and nothing is a date, a sexagesimal number or a binary integer.
"""

from __future__ import annotations

import re

# fullmatch everywhere: `$` alone would also match before a trailing newline.
_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"[-+]?[0-9]+")
_INT8 = re.compile(r"0o[0-7]+")
_INT16 = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"([-+]?)\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")

# YAML 1.1 spellings that PyYAML would have turned into booleans; kept as strings, and named
# in error messages so that `return_sequences: yes` says what to write instead.
YAML11_BOOLEANS = {
    "y": True, "Y": True, "yes": True, "Yes": True, "YES": True, "on": True, "On": True, "ON": True,
    "n": False, "N": False, "no": False, "No": False, "NO": False, "off": False, "Off": False,
    "OFF": False,
}

# Every null, number, .inf and .nan starts with one of these; the other specials are words.
_SPECIAL_START = frozenset("~-+.0123456789")
_WORDS = frozenset(("null", "Null", "NULL", *_BOOL))

MAX_NUMBER_CHARS = 100


class NumberTooLong(ValueError):
    """A numeric literal longer than MAX_NUMBER_CHARS (CPython refuses 4,300-digit ints anyway)."""


def resolve_plain(text: str):
    """The Python value of a plain (unquoted, untagged) scalar under the YAML 1.2 core schema."""
    if text and text[0] not in _SPECIAL_START and text not in _WORDS:
        return text  # a plain word, such as every key: no pattern can match (the fast path)
    if _NULL.fullmatch(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    for pattern, convert in _NUMBERS:
        if pattern.fullmatch(text):
            if len(text) > MAX_NUMBER_CHARS:
                raise NumberTooLong(text[:20])
            return convert(text)
    inf = _INF.fullmatch(text)
    if inf:
        return float("-inf") if inf.group(1) == "-" else float("inf")
    if _NAN.fullmatch(text):
        return float("nan")
    return text


_NUMBERS = (
    (_INT10, lambda t: int(t, 10)),
    (_INT8, lambda t: int(t[2:], 8)),
    (_INT16, lambda t: int(t[2:], 16)),
    (_FLOAT, float),
)
