"""Walk a graph: each layer's infer() on the shapes its references bring.

Like the stack walk (stack.py), a layer Keras would refuse becomes an LS1xx finding on that
layer; here only the layers that read a broken one are skipped, the others are still
inferred. Messages name the references that brought the shapes, since the fix usually goes
there.
"""

from __future__ import annotations

from ..diagnostics import Finding
from ..spec.shapes import InputsError, RankError, ShapeError
from .graph_messages import inputs_finding, rank_finding, several_outputs
from .naming import layer_names
from .references import (
    Ref,
    ancestors,
    dependencies,
    forward,
    from_refs,
    parse,
    reads,
    state_refs,
    unknown,
)
from .states import check_states
from .table import INPUT_NAME, Inference, LayerInfo, duplicate_names, field_path

SKIP = object()  # a reference to a layer that could not be inferred: no second finding


class Walk:
    """The state of one walk: shapes by name, what was read, and the findings."""

    def __init__(self, model, specs):
        self.model, self.specs = model, specs
        self.inputs = {name: (spec.batch_size,) + tuple(spec.shape)
                       for name, spec in model.input_specs.items()}
        self.names = layer_names(specs, named_inputs=model.inputs is not None)
        self.index_of = {name: i for i, name in enumerate(self.names) if name}
        self.known = set(self.inputs) | set(self.index_of)
        self.tensors = {name: (shape,) for name, shape in self.inputs.items()}
        self.infos: dict = {}  # layer name -> LayerInfo
        self.reads = reads(specs, self.names, list(self.inputs), self.known)
        self.deps = dependencies(self.reads, self.names)
        self.findings: list = []
        self.unresolved = False  # a reference failed: which inputs are read is not known

    def shape_of(self, ref: Ref, index: int | None, whole_ok: bool = False):
        """The shape a reference brings (a tuple of shapes when whole_ok and the layer has
        several outputs), SKIP, or a Finding."""
        if ref.name not in self.known:
            if None in self.names:  # an invalid layer's name is not known: no guessing
                return SKIP
            return unknown(ref, self.known, "`from`" if index is not None else "`outputs`")
        target = self.index_of.get(ref.name)
        if index is not None and target is not None and target >= index:
            return forward(ref, index, target, self.names, self.deps)
        outputs = self.tensors.get(ref.name)
        if outputs is None:
            return SKIP
        if ref.index is not None:
            if ref.index >= len(outputs):
                return output_index(ref, outputs, self.specs[target] if target is not None
                                    else None)
            return outputs[ref.index]
        if len(outputs) > 1 and not whole_ok:
            return several_outputs(ref, outputs, target, index, self.names)
        return outputs if whole_ok else outputs[0]

    def resolve(self, refs: list, index: int):
        """The shapes of refs, or None after recording the first finding (or a skip)."""
        shapes = []
        for ref in refs:
            got = self.shape_of(ref, index)
            if got is SKIP:
                return None
            if isinstance(got, Finding):
                self.findings.append(got)
                self.unresolved = True
                return None
            shapes.append(got)
        return shapes

    def layer(self, index: int, spec, name: str) -> bool:
        """Infer one layer; False when it could not be (its finding recorded, or skipped)."""
        refs = from_refs(spec, index, self.names, list(self.inputs), self.known)
        if isinstance(refs, Finding):
            self.findings.append(refs)
            self.unresolved = True
            return False
        states = state_refs(spec, index, self.known)
        shapes = self.resolve(refs, index)
        state_shapes = self.resolve(states, index) if shapes is not None else None
        if shapes is None or state_shapes is None:
            return False
        path = ("layers", index)
        try:
            inferred = self.infer_one(spec, name, refs, shapes, path)
            if states:
                check_states(spec, state_shapes, shapes[0], len(refs))
        except ShapeError as err:
            self.findings.append(self.error(err, spec, name, refs + states,
                                            shapes + state_shapes, path))
            return False
        info = LayerInfo(index, name, spec, shapes[0], inferred,
                         tuple(r.text for r in refs + states), tuple(shapes))
        self.infos[name] = info
        self.tensors[name] = inferred.outputs
        return True

    def infer_one(self, spec, name, refs, shapes, path):
        if spec.INPUTS is not None:
            return spec.infer(tuple(shapes))
        if len(shapes) > 1:
            raise ShapeError("LS127", f"takes one input, but `from` lists {len(shapes)}: join "
                             "them first with a Concatenate or Add layer", field="from",
                             advice="read one reference, or add a Concatenate layer before it")
        return spec.infer(shapes[0])

    def error(self, err, spec, name, refs, shapes, path) -> Finding:
        if isinstance(err, InputsError):
            return inputs_finding(err, spec, name, refs, shapes, path, self)
        if isinstance(err, RankError):
            return rank_finding(err, spec, name, refs[0], path, self)
        message = f"{spec.KERAS_CLASS} '{name}' {err.message}"
        if err.advice:
            message += f": {err.advice}"
        return Finding(err.code, message, path + field_path(err.field), fix=err.fix)


def output_index(ref: Ref, outputs: tuple, spec) -> Finding:
    states = "" if len(outputs) > 1 or spec is None or not hasattr(spec, "return_state") else (
        f" (set return_state: true on '{ref.name}' for its states)")
    return Finding("LS121", f"'{ref.text}' asks for output {ref.index} of '{ref.name}', which "
                   f"has {len(outputs)} output{'s' if len(outputs) > 1 else ''} (.0 to "
                   f".{len(outputs) - 1}){states}", ref.path,
                   fix=f"write {ref.name}.{len(outputs) - 1}" if len(outputs) > 1 else None)


def model_outputs(walk: Walk, model) -> tuple | None:
    texts = model.outputs or ([walk.names[-1]] if walk.names[-1] else [])
    shapes = []
    for j, text in enumerate(texts):
        ref = parse(text, walk.known, ("outputs", j))
        got = walk.shape_of(ref, None, whole_ok=True)
        if isinstance(got, Finding):
            walk.findings.append(got)
            return None
        if got is SKIP:
            return None
        shapes += list(got) if ref.index is None else [got]
    return tuple(shapes)


def kept_layers(walk: Walk, model) -> set | None:
    """Indices of the layers the model holds: the outputs' layers and every layer they read
    (None when a reference or a layer is invalid: then nothing is claimed)."""
    if None in walk.names or walk.unresolved:
        return None
    refs = [parse(text, walk.known, ()) for text in model.outputs or walk.names[-1:]]
    return ancestors([walk.index_of[r.name] for r in refs if r.name in walk.index_of],
                     walk.deps)


def unread(walk: Walk, model, kept: set | None) -> list[Finding]:
    """Inputs that no layer of the model reads (Keras keeps them, but never uses them), and
    layers the model leaves out (their output reaches no model output). Without `kept` (the
    outputs could not be resolved) only inputs that no layer reads at all."""
    if None in walk.names or walk.unresolved:
        return []
    found = []
    outputs = {parse(text, walk.known, ()).name for text in model.outputs or walk.names[-1:]}
    for name in walk.inputs:
        readers = [i for i, got in walk.reads.items() if name in got]
        used = bool(readers) if kept is None else any(i in kept for i in readers)
        if name not in outputs and not used:
            found.append(unread_input(name, [walk.names[i] for i in readers], model))
    for index, name in enumerate(walk.names):
        if kept is not None and index not in kept and name in walk.infos:
            readers = [walk.names[i] for i, got in walk.reads.items() if name in got]
            found.append(left_out(index, name, readers))
    return found


def unread_input(name: str, readers: list, model) -> Finding:
    path = ("inputs", name) if model.inputs is not None else ("input",)
    if not readers:
        return Finding("LS124", f"input '{name}' is read by no layer: give it to a layer with "
                       f"`from: {name}`, or remove it", path, on_key=True)
    return Finding("LS124", f"input '{name}' is read only by {quoted(readers)}, which "
                   f"reach{'es' if len(readers) == 1 else ''} no model output: Keras would take "
                   "the input and never use it; list a layer of that branch in `outputs`, or "
                   "remove the input and the branch", path, on_key=True)


def left_out(index: int, name: str, readers: list) -> Finding:
    if not readers:
        return Finding("LS210", f"the output of layer {index} '{name}' goes nowhere: no layer "
                       "reads it and it is not in `outputs`; read it with "
                       f"`from: {name}`, list it in `outputs`, or remove it", ("layers", index))
    return Finding("LS210", f"layer {index} '{name}' is left out of the model: it is read only "
                   f"by {quoted(readers)}, which reach{'es' if len(readers) == 1 else ''} no "
                   "model output either; read it from a layer that leads to an output, list "
                   "a layer of its branch in `outputs`, or remove the branch", ("layers", index))


def quoted(names: list) -> str:
    return ", ".join(f"'{n}'" for n in dict.fromkeys(names))


def infer_graph(model, specs: list) -> Inference:
    walk = Walk(model, specs)
    stopped = False
    for index, (spec, name) in enumerate(zip(specs, walk.names)):
        if spec is None or not walk.layer(index, spec, name):
            stopped = True
    outputs = model_outputs(walk, model)
    kept = kept_layers(walk, model) if outputs is not None else None
    infos = [walk.infos[n] for n in walk.names if n in walk.infos]
    if kept is not None:
        infos = [info if info.index in kept else info._replace(in_model=False)
                 for info in infos]
    shapes = list(walk.inputs.values())
    result = Inference(shapes[0], infos, walk.findings, complete=False, inputs=walk.inputs,
                       model_outputs=outputs, named_inputs=model.inputs is not None)
    if None not in specs:
        input_names = walk.inputs if model.inputs is not None else (INPUT_NAME,)
        result.findings += duplicate_names(specs, walk.names, tuple(input_names))
    errors = unread(walk, model, kept)
    result.complete = not stopped and outputs is not None and not result.findings and not any(
        f.code == "LS124" for f in errors)
    result.findings += [f for f in errors if f.code != "LS210" or result.complete]
    return result
