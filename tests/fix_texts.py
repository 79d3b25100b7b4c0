"""Carry out a diagnostic's fix text the way a person reads it, on the config's data.

The fix texts are instructions (`set return_sequences: true on layer 0`, `write sigmoid`,
`rename it to units`, `move it under layer:`, and several of these joined by `; then `, done
in order); this reader is deliberately independent of
lstmspec's own --fix machinery, so that a test can check that doing what the text says makes
the problem go away. A text outside these forms is a choice left to the user (`write a value
> 0`, `add \\`units:\\``, `correct data.path`, `choose: ...`): `carry_out` returns None for it.
"""

from __future__ import annotations

import copy
import re

import yaml

CHOICES = (re.compile(r"write a value [<>]=? \S+"), re.compile(r"add `[a-z_]+:`"),
           re.compile(r"correct data\.path"),
           re.compile(r"add the data's folder to `data-roots` in \[tool\.lstmspec\].*"),
           re.compile(r"choose: .+"))


def value(text: str):
    """A YAML value as written in a fix text; words with spaces are prose, not a value."""
    parsed = yaml.safe_load(text)
    assert not (isinstance(parsed, str) and " " in parsed), f"not a value: {text!r}"
    return parsed


def node(data, path):
    for part in path:
        data = data[part]
    return data


def layer_mapping(data, index: int, key: str) -> dict:
    """layers[index], or its wrapped layer when the key belongs there (not a wrapper's own)."""
    layer = data["layers"][index]
    inner = layer.get("layer") if isinstance(layer, dict) else None
    own = ("merge_mode", "name", "type", "layer", "backward_layer")
    return inner if isinstance(inner, dict) and key not in own else layer


def owner(data, path) -> dict:
    """The mapping a `set K: V` is meant for: the one at the diagnostic's path, or the one
    that holds the value there."""
    here = node(data, path)
    return here if isinstance(here, dict) else node(data, path[:-1])


def carry_out(text: str, diag) -> str | None:
    """The config text after doing what `diag.fix` says, or None for a choice."""
    fix, path = diag.fix, tuple(diag.yaml_path)
    if any(c.fullmatch(fix) for c in CHOICES):
        return None
    comment = re.fullmatch(r"remove (\S+) from the comment", fix)
    if comment:  # LS290: the comment is text, not data
        lines = text.splitlines(keepends=True)
        line = lines[diag.span.line - 1]
        lines[diag.span.line - 1] = re.sub(r"\s*#\s*lstmspec:\s*disable=\s*" +
                                           re.escape(comment.group(1)) + r"\b", "", line)
        return "".join(lines)
    data = copy.deepcopy(yaml.safe_load(text))
    do(data, fix, path)
    return yaml.safe_dump(data, sort_keys=False)


def instruction(diag) -> bool:
    """Whether the diagnostic's fix text is an instruction to carry out (not a choice, not
    absent)."""
    return bool(diag.fix) and not any(c.fullmatch(diag.fix) for c in CHOICES)


def carry_out_all(text: str, diags) -> str:
    """The config text after doing every instruction of `diags` (one round of a fix chain),
    each once, in order, on the data as the previous ones left it."""
    data = copy.deepcopy(yaml.safe_load(text))
    done = set()
    for diag in diags:
        if not instruction(diag) or diag.fix in done:
            continue
        done.add(diag.fix)
        do(data, diag.fix, tuple(diag.yaml_path))
    return yaml.safe_dump(data, sort_keys=False)


def do(data, fix: str, path: tuple) -> None:
    if "; then " in fix:  # edits of two places that belong together (LS490: columns, shape)
        for step in fix.split("; then "):
            do(data, step, path)
        return
    match = re.fullmatch(r"set (\w+): (.+) on layer (\d+)", fix)
    if match:
        key, new, index = match.group(1), match.group(2), int(match.group(3))
        layer_mapping(data, index, key)[key] = value(new)
        return
    match = re.fullmatch(r"set ([\w.]+): (.+)", fix)
    if match:
        where, new = match.group(1).split("."), value(match.group(2))
        target = data
        for part in where[:-1]:  # a section the config does not have yet is added
            target = target.setdefault(part, {})
        if len(where) == 1:
            target = owner(data, path)
        target[where[-1]] = new
        return
    match = re.fullmatch(r"write input: (\{.+\})", fix)
    if match:
        node(data, path[:-1]).pop(path[-1])
        data["input"] = value(match.group(1))
        return
    match = re.fullmatch(r"write (?:(\w+): )?(.+)", fix)
    if match:
        key = match.group(1)
        target = path if key is None or path[-1] == key else path + (key,)
        node(data, target[:-1])[target[-1]] = value(match.group(2))
        return
    match = re.fullmatch(r"rename it to (\w+)", fix)
    if match:
        mapping = node(data, path[:-1])
        mapping[match.group(1)] = mapping.pop(path[-1])
        return
    if fix == "remove it":
        node(data, path[:-1]).pop(path[-1])
        return
    if fix == "move it under layer:":
        mapping = node(data, path[:-1])
        mapping["layer"][path[-1]] = mapping.pop(path[-1])
        return
    raise AssertionError(f"a fix text that is neither an instruction nor a choice: {fix!r}")
