"""Pydantic validation errors -> LS3xx findings at YAML paths, with messages a person can act on.

Errors are mapped by pydantic's error *type* (never by its message text): what was expected,
what was received (shortened: a hostile file's values are never echoed whole), and a fix.
"""

from __future__ import annotations

import re
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from ..diagnostics import Finding, YamlPath
from ..source.yaml12 import YAML11_BOOLEANS
from ..suggest import closest
from .misplaced import misplaced_key

EXPECTED = {
    "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "bool_type": "true or false",
    "float_type": "a number", "string_type": "text", "list_type": "a list",
    "dict_type": "a mapping", "model_type": "a mapping", "model_attributes_type": "a mapping",
    "literal_error": "one of the allowed names", "none_required": "null",
}
TEXT_RULES = {
    "string_pattern_mismatch": "may hold only letters, digits, `_`, `-` and `.`",
    "string_too_short": "must not be empty",
    "string_too_long": "must be at most {max_length} characters long",
}
# A hostile file can hold tens of thousands of wrong keys: past this many findings, the rest
# of the layers is not validated (each finding may cost a did-you-mean search).
MAX_FINDINGS = 500
INF = float("inf")
BOUNDS = {"greater_than": ">", "greater_than_equal": ">=", "less_than": "<",
          "less_than_equal": "<="}




def describe_value(value: Any) -> str:
    """A short, safe rendering of what was received (never the whole of a huge input)."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, float) and (value != value or value in (INF, -INF)):
        return ".nan" if value != value else ".inf" if value > 0 else "-.inf"  # as YAML says it
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def data_at(data: Any, path: YamlPath) -> tuple[YamlPath, Any]:
    """The longest prefix of `path` that exists in `data`, and the value there (pydantic adds
    union-branch names to locations; those are not places in the file)."""
    found: list = []
    for part in path:
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            break
        found.append(part)
    return tuple(found), data


def key_label(where: YamlPath, owner: str) -> str:
    """How a message names a place, relative to its layer or the file: `units`,
    `kernel_size[1]`, `input.shape[0]`."""
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or owner


def type_hint(kind: str, value: Any) -> str:
    if isinstance(value, str) and kind == "bool_type" and value in YAML11_BOOLEANS:
        right = str(YAML11_BOOLEANS[value]).lower()
        return f": `{value}` is a YAML 1.1 boolean, which lstmspec reads as text; write {right}"
    if isinstance(value, str) and re.fullmatch(r"[-+]?[0-9._eE]+", value.strip() or "x"):
        return ": remove the quotes"
    if isinstance(value, float) and kind in ("int_type", "int_from_float"):
        return ": write a whole number"
    if isinstance(value, bool) and kind in ("int_type", "float_type"):
        return ": true/false are not numbers"
    if isinstance(value, str) and value in ("None", "none", "nil", "NaN"):
        return ": an unknown size is written null (YAML has no None)"
    return ""


def fields_at(model: type[BaseModel], loc: YamlPath) -> list[str]:
    """Field names of the (nested) model that owns the key at `loc`."""
    for part in loc[:-1]:
        info = model.model_fields.get(part) if isinstance(part, str) else None
        candidates = (info.annotation, *get_args(info.annotation)) if info else ()
        nested = next((a for a in candidates
                       if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if nested is None:
            return []
        model = nested
    return [info.alias or name for name, info in model.model_fields.items() if name != "type"]


def finding_for(err: dict, data: Any, prefix: YamlPath, owner: str,
                model: type[BaseModel]) -> Finding:
    """One pydantic error -> one finding. `owner` names the layer or section for messages."""
    kind, loc = err["type"], tuple(err["loc"])
    full = prefix + loc
    if kind == "extra_forbidden":
        placed = misplaced_key(loc, full, data, owner)
        if placed is not None:
            return placed
        guess = closest(str(loc[-1]), fields_at(model, loc))
        hint = f": did you mean `{guess}`?" if guess else ""
        where = f"`{key_label(loc[:-1], owner)}`" if len(loc) > 1 else owner
        noun = "argument" if prefix else "key"  # a layer has arguments, the file has keys
        return Finding("LS301", f"{where} has no {noun} `{str(loc[-1])[:40]}`{hint}", full,
                       on_key=True, fix=f"rename it to {guess}" if guess else "remove it")
    if kind == "incompatible_arguments":
        return Finding("LS105", err["msg"], prefix + data_at(data, loc)[0])
    if kind == "missing":
        parent = f"`{key_label(loc[:-1], owner)}`" if len(loc) > 1 else owner
        return Finding("LS305", f"{parent} needs `{loc[-1]}`", full[:-1],
                       fix=f"add `{loc[-1]}:`")
    where, value = data_at(data, loc)
    path, key = prefix + where, key_label(where, owner)
    received = describe_value(value)
    if kind in BOUNDS:
        limit = err["ctx"]["gt" if kind == "greater_than" else kind_ctx(kind)]
        return Finding("LS304", f"`{key}` must be {BOUNDS[kind]} {limit}; received {received}",
                       path, fix=f"write a value {BOUNDS[kind]} {limit}")
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'|(\d+)", err["ctx"]["expected"])
        names = [a or b for a, b in allowed]
        guess = closest(value, names) if isinstance(value, str) else None
        hint = f"; did you mean '{guess}'?" if guess else ""
        shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
        return Finding("LS304", f"`{key}` must be one of {shown}; received {received}{hint}",
                       path, fix=f"write {guess}" if guess else None)
    if kind in EXPECTED:
        boolean = kind == "bool_type" and isinstance(value, str) and value in YAML11_BOOLEANS
        return Finding("LS303", f"`{key}` must be {EXPECTED[kind]}, not {received}"
                       f"{type_hint(kind, value)}", path,
                       fix=f"write {str(YAML11_BOOLEANS[value]).lower()}" if boolean else None)
    if kind in ("too_short", "too_long"):
        return length_finding(kind, err["ctx"], key, value, path)
    if kind == "finite_number":
        return Finding("LS304", f"`{key}` must be a finite number, not {received}: .nan and "
                       ".inf are not values a layer can use", path)
    if kind in TEXT_RULES:
        return Finding("LS304", f"`{key}` {TEXT_RULES[kind].format(**err['ctx'])}; received "
                       f"{received}", path)
    message = err["msg"].removeprefix("Value error, ")
    return Finding("LS304", f"`{key}`: {message}", path)


def length_finding(kind: str, ctx: dict, key: str, value: Any, path: YamlPath) -> Finding:
    count = len(value) if hasattr(value, "__len__") else 0
    if kind == "too_short" and ctx.get("min_length") == 1:
        return Finding("LS304", f"`{key}` must not be empty: list at least one entry", path)
    size = "at least" if kind == "too_short" else "at most"
    limit = ctx.get("min_length" if kind == "too_short" else "max_length")
    entries = "entry" if limit == 1 else "entries"
    return Finding("LS304", f"`{key}` must have {size} {limit} {entries}; received {count}",
                   path)


def kind_ctx(kind: str) -> str:
    return {"greater_than_equal": "ge", "less_than": "lt", "less_than_equal": "le"}[kind]


def map_errors(exc: ValidationError, data: Any, prefix: YamlPath, owner: str,
               model: type[BaseModel]) -> list[Finding]:
    errors = exc.errors(include_input=False, include_url=False)[:MAX_FINDINGS]
    found = [finding_for(err, data, prefix, owner, model) for err in errors]
    return merge_union_branches(found)


def merge_union_branches(found: list[Finding]) -> list[Finding]:
    """A value that fails every branch of a union (`kernel_size: 3` or `[3]`) gives one error
    per branch. Keep the one that says what is wrong: a wrong-type error (LS303) goes when
    another branch accepted the type and found a problem at or below that place; of several
    wrong-type errors at one place, the first stays."""
    checked = [(f.path, f.on_key) for f in found if f.code != "LS303"]
    findings, seen = [], set()
    for finding in found:
        place = (finding.path, finding.on_key)
        if finding.code == "LS303":
            if any(p[:len(finding.path)] == finding.path for p, _ in checked) or place in seen:
                continue
            seen.add(place)
        elif (place, finding.code, finding.message) in seen:
            continue
        seen.add((place, finding.code, finding.message))
        findings.append(finding)
    return findings
