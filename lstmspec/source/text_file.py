"""Path -> bytes -> text: a bounded read of a regular file, strictly decoded and checked.

UTF-8 only (a BOM is allowed; UTF-16/32 are recognised and refused), and no control or
bidirectional-override character. Every problem is a finding at the line and column (in
characters) of the first bad byte, so that a Latin-1 file, a UTF-16 export or a stray NUL is
reported where it is, before the YAML parser sees the text (libyaml would only raise an
unlocated ReaderError).
"""

from __future__ import annotations

import os
import re
import stat

from ..diagnostics import FILE_START, Finding, Span

_BOMS = (  # longest first: a UTF-32-LE BOM starts like a UTF-16-LE one
    (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"),
)
UTF8_BOM = b"\xef\xbb\xbf"

# Outside YAML's printable set (YAML 1.2, 5.1): libyaml refuses these in the stream. Written
# as the complement of the printable ranges (tests/test_hostile_values.py checks every code
# point against them): the negated class of wide ranges took ~10 ms to compile at each start.
PRINTABLE = "\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff"
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"
                            "\ud800-\udfff\ufffe\uffff]")
# Bidirectional embeddings, overrides and isolates reorder what a reviewer sees on screen
# ("Trojan Source", CVE-2021-42574): refused anywhere in a config, comments included.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# What a quoted scalar may not produce through escapes ("\e", "\x00", "\u202e"): a config
# value never needs them, and echoed in a message they could drive the terminal.
UNSAFE_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def char_name(char: str) -> str:
    return f"U+{ord(char):04X}"


def utf16_without_bom(raw: bytes) -> bool:
    """ASCII text saved as UTF-16 has a NUL in every other byte of its first characters."""
    head = raw[:64]
    if len(head) < 4 or b"\x00" not in head:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) == len(even) or odd.count(0) == len(odd)


_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # line breaks as libyaml counts them


def text_position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a character index."""
    line, start = 1, 0
    for match in _BREAK.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1


def position(raw: bytes, offset: int) -> tuple[int, int]:
    """The same for a byte offset into bytes that are valid UTF-8 up to that offset."""
    prefix = raw[:offset].decode("utf-8", "replace")
    return text_position(prefix, len(prefix))


def decode(raw: bytes) -> tuple[str | None, Finding | None]:
    """The text of a config, or the finding that says why it cannot be read as one."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return None, Finding("LS007", f"the file is {name} encoded: save it as UTF-8",
                                 span=FILE_START)
    if utf16_without_bom(raw):
        return None, Finding("LS007", "the file looks UTF-16 encoded (a NUL byte after every "
                             "character): save it as UTF-8", span=FILE_START)
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = position(raw, err.start)
        bad = raw[err.start:err.start + 1].hex().upper()
        return None, Finding("LS007", f"the file is not valid UTF-8: byte 0x{bad} cannot be "
                             "decoded (Latin-1 or another legacy encoding?); save the file as "
                             "UTF-8", span=Span(line, column, line, column + 1))
    return text, control_character(text)


def control_character(text: str) -> Finding | None:
    """The first character that YAML does not allow, or that hides what a file says."""
    found = [m for m in (_NOT_PRINTABLE.search(text), _BIDI.search(text)) if m]
    if not found:
        return None
    match = min(found, key=lambda m: m.start())
    line, column = text_position(text, match.start())
    char = match.group()
    what = ("a bidirectional control character, which makes the text display in another order "
            "than it is read" if _BIDI.match(char) else "a control character, which YAML does "
            "not allow")
    return Finding("LS010", f"{char_name(char)} is {what}: remove it",
                   span=Span(line, column, line, column + 1))


def printable(text: str) -> bool:
    """No control, non-character or bidirectional character: text that may be quoted as is."""
    return not (_NOT_PRINTABLE.search(text) or _BIDI.search(text) or "\n" in text
                or "\r" in text)


def read_bounded(path: str, limit: int) -> bytes:
    """At most `limit` bytes of a regular file. A FIFO or device never blocks or streams forever:
    it is refused after a non-blocking open (OSError, like any unreadable path)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "is a directory", path)
        if not stat.S_ISREG(mode):
            raise OSError(0, "not a regular file (a FIFO, socket or device)", path)
        chunks, size = [], 0
        while size < limit:
            chunk = os.read(fd, min(1 << 20, limit - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def escaped(text: str, also: str = "") -> str:
    """`text` with control and bidirectional characters (and those in `also`) written as
    escapes, and bytes that were not UTF-8 (surrogateescape) as \\xNN."""
    out = []
    for char in text:
        if "\udc80" <= char <= "\udcff":
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        elif char in also or UNSAFE_IN_VALUE.match(char) or "\ud800" <= char <= "\udfff":
            out.append(char.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)


def display_path(path: str) -> str:
    """A path as printed in messages: one line, and nothing in it can drive the terminal."""
    return escaped(path, also="\t\n")
