"""References between the layers of a graph (`from`, `initial_state`, `outputs`) and the
order checks that need no shapes: unknown names, cycles, use before definition.

A reference is an input's name or a layer's name (explicit or Keras's automatic one),
optionally `.K` for the layer's K-th output. A config is a graph when it has `inputs:` or
`outputs:`, or any layer has `from:` or `initial_state:`; every other config is a stack and
stack.py walks it as before.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..diagnostics import Finding
from ..suggest import closest

OUTPUT_INDEX = re.compile(r"(.+)\.(\d+)")


class Ref(NamedTuple):
    text: str  # as written
    name: str  # the input or layer it names
    index: int | None  # K of `name.K`; None for the whole output
    path: tuple  # where it is written in the file (the previous layer's: the layer's own)


def initial_states(spec) -> list:
    """The layer's `initial_state` references ([] when it has none, or no such argument);
    read from the instance's fields: a missing attribute is slow on layer specs."""
    return spec.__dict__.get("initial_state") or []


def is_graph(model, specs) -> bool:
    if model.inputs is not None or model.outputs is not None:
        return True
    return any(spec is not None and (spec.from_ is not None or initial_states(spec))
               for spec in specs)


def parse(text: str, known, path: tuple) -> Ref:
    """`enc.1` -> (enc, 1) unless a layer is itself named `enc.1` (names may hold dots)."""
    if text not in known:
        match = OUTPUT_INDEX.fullmatch(text)
        if match and match[1] in known:
            return Ref(text, match[1], int(match[2]), path)
    return Ref(text, text, None, path)


def from_refs(spec, index: int, names: list, input_names: list, known) -> list[Ref] | Finding:
    """The layer's `from` references; by default the layer before (the first layer: the only
    input), at the layer's own path."""
    path = ("layers", index)
    written = spec.references
    if written:
        many = not isinstance(spec.from_, str)
        return [parse(text, known, path + (("from", j) if many else ("from",)))
                for j, text in enumerate(written)]
    if index > 0:
        return [Ref(names[index - 1] or "", names[index - 1] or "", None, path)]
    if len(input_names) == 1:
        return [Ref(input_names[0], input_names[0], None, path)]
    return Finding("LS130", f"the first layer has no `from`, and the model has "
                   f"{len(input_names)} inputs ({', '.join(input_names)}): say which it reads, "
                   f"e.g. `from: {input_names[0]}`", path + ("type",),
                   fix=f"set from: {input_names[0]}")


def state_refs(spec, index: int, known) -> list[Ref]:
    states = initial_states(spec)
    return [parse(text, known, ("layers", index, "initial_state", j))
            for j, text in enumerate(states)]


def unknown(ref: Ref, known, what: str) -> Finding:
    guess = closest(ref.name, known)
    hint = f"; did you mean '{guess}'?" if guess else (
        f"; the names are {', '.join(sorted(known)[:12])}")
    return Finding("LS120", f"{what} refers to '{ref.text[:60]}', which is no input and no "
                   f"layer{hint}", ref.path, fix=f"write {guess}" if guess else None)


def reaches(start: int, goal: int, deps: dict) -> bool:
    """Whether layer `start` reads (through any chain of references) layer `goal`."""
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo += deps.get(node, ())
    return False


def ancestors(starts, deps: dict) -> set:
    """The layers `starts` are, and every layer they read through any chain of references
    (`from` and `initial_state`): what keras.Model(inputs, outputs) keeps of a graph when
    `starts` are the output layers (Keras walks back from the outputs; a layer on no path to
    one is left out of the model, however many layers read it)."""
    seen, todo = set(), list(starts)
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo += deps.get(node, ())
    return seen


def forward(ref: Ref, index: int, target: int, names: list, deps: dict) -> Finding:
    """A reference to layer `target`, defined at or after layer `index`."""
    if target == index or reaches(target, index, deps):
        return Finding("LS122", f"layer {index} '{names[index]}' reads '{ref.text}', which "
                       f"reads layer {index} itself: the references form a cycle, and a model "
                       "is applied in one direction; break the cycle", ref.path,
                       )
    return Finding("LS123", f"layer {index} '{names[index]}' reads '{ref.text}', layer "
                   f"{target}, which comes after it: layers are applied in order; move layer "
                   f"{target} above layer {index}", ref.path)


def reads(specs, names: list, input_names: list, known) -> dict:
    """layer index -> the names (inputs and layers) it reads through `from` and
    `initial_state`, as written, whatever their shapes (invalid layers are left out)."""
    found = {}
    for i, spec in enumerate(specs):
        if spec is None:
            continue
        refs = from_refs(spec, i, names, input_names, known)
        refs = (refs if isinstance(refs, list) else []) + state_refs(spec, i, known)
        found[i] = [ref.name for ref in refs if ref.name]
    return found


def dependencies(read: dict, names: list) -> dict:
    """layer index -> indices of the layers it reads (`read` from reads())."""
    index_of = {name: i for i, name in enumerate(names) if name}
    return {i: [index_of[n] for n in got if n in index_of] for i, got in read.items()}
