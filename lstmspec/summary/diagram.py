"""A picture of the model: `summary --format svg` (and `html`), drawn in pure Python.

Every layer is a box with its name, type, output shape and parameter count; every reference
an arrow from the tensor's producer, states dashed and labelled (`.1`, `.2`), attention inputs
labelled query/value/key. A layer with an error is drawn red with the diagnostic's code and
message; a layer the model leaves out (no output reaches it, LS210) is greyed, with its
arrows, and says so. The layout is layered: inputs on top, each layer one row below the lowest layer it
reads, each row ordered by where its inputs are (one barycentre pass): enough for the tens of
layers a recurrent model has, without Graphviz or TensorFlow.
"""

from __future__ import annotations

from typing import NamedTuple
from ..inference.references import from_refs, state_refs
from ..inference.naming import layer_names
from ..spec.shapes import fmt

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 250, 64, 36, 60, 24
COLORS = {"input": "#e8f0fe", "layer": "#f5f5f5", "error": "#fdecea", "warning": "#fff4e5",
          "left-out": "#fafafa"}
STROKES = {"input": "#1a73e8", "layer": "#616161", "error": "#c62828", "warning": "#ef6c00",
           "left-out": "#bdbdbd"}
TEXT = {"left-out": "#9e9e9e"}  # other kinds: black


class Node(NamedTuple):
    name: str
    title: str  # "enc (LSTM)"
    lines: tuple  # shape, params
    kind: str  # input, layer, error, warning, left-out (not in the model: greyed)
    problem: str  # the first diagnostic, for the tooltip and the red line


class Edge(NamedTuple):
    source: str
    target: str
    label: str
    state: bool
    left_out: bool = False  # into a layer the model leaves out: greyed


def shapes_text(outputs) -> str:
    return fmt(outputs[0]) if len(outputs) == 1 else "[" + ", ".join(map(fmt, outputs)) + "]"


def layer_problems(diagnostics) -> dict:
    """layer index -> its first diagnostic (errors before warnings)."""
    found: dict = {}
    for d in sorted(diagnostics, key=lambda d: d.severity.value != "error"):
        path = d.yaml_path
        if len(path) > 1 and path[0] == "layers" and isinstance(path[1], int):
            found.setdefault(path[1], d)
    return found


def left_out(index: int, diagnostics) -> str:
    """The text beside a layer the model leaves out: its LS210, when lint reported one."""
    found = next((d for d in diagnostics if d.code == "LS210"
                  and tuple(d.yaml_path[:2]) == ("layers", index)), None)
    return f"LS210 {found.message}" if found else "not in the model: no output reaches it"


def collect(result, specs) -> tuple[list, list]:
    """The nodes and edges of a linted config (specs: validation's, None where invalid)."""
    model, inference = result.model, result.inference
    inputs = model.input_specs
    names = layer_names(specs, named_inputs=model.inputs is not None)
    infos = {i.name: i for i in (inference.layers if inference else [])}
    problems = layer_problems(result.diagnostics)
    nodes = [Node(name, f"{name} (Input)", (fmt((s.batch_size,) + tuple(s.shape)), s.dtype),
                  "input", "") for name, s in inputs.items()]
    edges: list = []
    known = set(inputs) | {n for n in names if n}
    raw_layers = result.source.data.get("layers", [])
    for index, (spec, name) in enumerate(zip(specs, names)):
        problem = problems.get(index)
        kind = "layer" if problem is None else (
            "error" if problem.severity.value == "error" else "warning")
        text = f"{problem.code} {problem.message}" if problem else ""
        if spec is None:
            raw = raw_layers[index] if isinstance(raw_layers[index], dict) else {}
            label = str(raw.get("name") or f"layer {index}")
            nodes.append(Node(f"#{index}", f"{label} ({raw.get('type', '?')})", ("invalid",),
                              kind, text))
            continue
        info = infos.get(name)
        lines = (shapes_text(info.result.outputs), f"{info.result.params:,} params") if info \
            else ("not inferred",)
        out = info is not None and not info.in_model
        if out and kind != "error":
            kind, text = "left-out", left_out(index, result.diagnostics)
            lines = (lines[0], f"{lines[1]}, not in the model")
        nodes.append(Node(name, f"{name} ({spec.KERAS_CLASS})", lines, kind, text))
        refs = from_refs(spec, index, names, list(inputs), known)
        roles = spec.INPUT_ROLES
        for k, ref in enumerate(refs if isinstance(refs, list) else []):
            label = roles[k] if k < len(roles) else (f".{ref.index}" if ref.index else "")
            edges.append(Edge(ref.name, name, label, False, out))
        for ref in state_refs(spec, index, known):
            edges.append(Edge(ref.name, name, f".{ref.index}" if ref.index is not None else "",
                              True, out))
    return nodes, edges


def ranks(nodes, edges) -> dict:
    """Row of each node: inputs 0, a layer one below the lowest node it reads."""
    row = {n.name: 0 for n in nodes if n.kind == "input"}
    sources: dict = {}
    for e in edges:
        sources.setdefault(e.target, []).append(e.source)
    for n in nodes:
        if n.name not in row:
            row[n.name] = 1 + max((row.get(s, 0) for s in sources.get(n.name, [])), default=0)
    return row


def place(nodes, edges) -> dict:
    """name -> (x, y) of each box's top-left corner."""
    row = ranks(nodes, edges)
    rows: dict = {}
    for n in nodes:
        rows.setdefault(row[n.name], []).append(n.name)
    sources: dict = {}
    for e in edges:
        sources.setdefault(e.target, []).append(e.source)
    widest = max(len(r) for r in rows.values())
    width = widest * BOX_W + (widest - 1) * GAP_X
    where: dict = {}
    for r in sorted(rows):
        members = rows[r]
        if r:  # barycentre of the inputs' x, keeping the order written for ties
            members.sort(key=lambda n: sum(where[s][0] for s in sources.get(n, []) if s in where)
                         / max(1, len([s for s in sources.get(n, []) if s in where])))
        span = len(members) * BOX_W + (len(members) - 1) * GAP_X
        left = MARGIN + (width - span) / 2
        for k, name in enumerate(members):
            where[name] = (left + k * (BOX_W + GAP_X), MARGIN + r * (BOX_H + GAP_Y))
    return where
