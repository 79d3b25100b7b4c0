"""NPZ files written without NumPy (NumPy's .npy format 1.0 inside a zip), so that the fast
lane can test lint on real archives: numbers, fixed-width strings, object arrays."""

from __future__ import annotations

import struct
import zipfile
from math import prod

FORMATS = {"<f4": "f", "<f8": "d", "<i4": "i", "<i8": "q", "|u1": "B", "|b1": "?"}


def npy(descr: str, shape: tuple, values=(), fortran: bool = False, raw: bytes | None = None):
    """One .npy member: a header dict padded to 64 bytes, then the values (C order)."""
    header = (f"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': "
              f"{tuple(shape)!r}, }}")
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    if raw is None:
        if descr.startswith("<U"):
            width = int(descr[2:])
            raw = b"".join(v.ljust(width, "\x00").encode("utf-32-le") for v in values)
        elif descr.startswith("|S"):
            raw = b"".join(v.encode("utf-8").ljust(int(descr[2:]), b"\x00") for v in values)
        else:
            assert len(values) == prod(shape), (len(values), shape)
            raw = struct.pack("<" + FORMATS[descr] * len(values), *values)
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin-1") + raw


def write_npz(path, arrays: dict) -> str:
    """arrays: name -> (descr, shape, flat values) or name -> bytes of a whole .npy member."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, spec in arrays.items():
            archive.writestr(f"{name}.npy", spec if isinstance(spec, bytes) else npy(*spec))
    return str(path)


def floats(shape: tuple, make) -> tuple:
    """('<f4', shape, values) with values[i] = make(i) over the flat C-order index."""
    return ("<f4", shape, [float(make(i)) for i in range(prod(shape))])


def ints(values, descr: str = "<i8") -> tuple:
    return (descr, (len(values),), list(values))


def texts(values, width: int | None = None) -> tuple:
    width = width or max(len(v) for v in values)
    return (f"<U{width}", (len(values),), list(values))
