"""Writing a config as YAML the way people write it: block mappings, flow lists of scalars,
a comment header, and only plain scalars that read back as the same value under YAML 1.2."""

from __future__ import annotations

import json
import re

from .yaml12 import YAML11_BOOLEANS, resolve_plain

PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


def scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return text if re.search(r"[.eE]|inf|nan", text) else text + ".0"
    text = str(value)
    if PLAIN.match(text) and resolve_plain(text) == text and text not in YAML11_BOOLEANS:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def flow(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def simple(value) -> bool:
    return not isinstance(value, (dict, list)) or (
        isinstance(value, list) and all(not isinstance(v, (dict, list)) or
                                        (isinstance(v, list) and simple(v)) for v in value))


def mapping(data: dict, indent: int) -> list[str]:
    pad, lines = " " * indent, []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines += mapping(value, indent + 2)
        elif isinstance(value, list) and not simple(value):
            lines.append(f"{pad}{key}:")
            lines += sequence(value, indent + 2)
        else:
            lines.append(f"{pad}{key}: {flow(value)}")
    return lines


def sequence(items: list, indent: int) -> list[str]:
    pad, lines = " " * indent, []
    for item in items:
        if isinstance(item, dict) and item:
            body = mapping(item, indent + 2)
            lines.append(f"{pad}- {body[0].lstrip()}")
            lines += body[1:]
        else:
            lines.append(f"{pad}- {flow(item)}")
    return lines


def dump(data: dict, header=()) -> str:
    lines = [f"# {line}" for line in header]
    lines += mapping(data, 0)
    return "\n".join(lines) + "\n"
