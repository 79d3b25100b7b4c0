"""Graph config -> keras.Model with the functional API: every reference becomes the tensor it
names, each layer made by the same generic mapping as a stack (keras_build.make_layer)."""

from __future__ import annotations

from ...inference.naming import layer_names
from ...inference.references import from_refs, parse, state_refs


def pick(tensors: dict, ref):
    """The tensor a reference names: `name.K` the K-th output, `name` the whole output (a
    list when the layer has several, as Keras would pass it on)."""
    outs = tensors[ref.name]
    if ref.index is not None:
        return outs[ref.index]
    return outs[0] if len(outs) == 1 else list(outs)


def call_layer(layer, spec, xs: list, states: list):
    kwargs = {"initial_state": states} if states else {}
    if spec.POSITIONAL_INPUTS:
        return layer(*xs)  # (query, value[, key]) as positional tensors
    if spec.INPUTS is not None:
        return layer(xs, **kwargs)
    return layer(xs[0], **kwargs)


def apply_layers(k, model, specs, make_layer) -> tuple[list, dict, list]:
    """The graph's input tensors, every tensor by name (a list of a layer's outputs), and the
    layer names, layers applied in order (names as in a fresh session)."""
    named = model.inputs is not None
    tensors, inputs = {}, []
    for name, spec in model.input_specs.items():
        tensor = k.Input(shape=tuple(spec.shape), batch_size=spec.batch_size, dtype=spec.dtype,
                         name=name if named else None)
        tensors[name] = [tensor]
        inputs.append(tensor)
    names = layer_names(specs, named_inputs=named)
    input_names = list(tensors)
    known = set(tensors) | set(names)
    for index, (spec, name) in enumerate(zip(specs, names)):
        xs = [pick(tensors, r) for r in from_refs(spec, index, names, input_names, known)]
        states = [pick(tensors, r) for r in state_refs(spec, index, known)]
        out = call_layer(make_layer(spec), spec, xs, states)
        tensors[name] = list(out) if isinstance(out, (list, tuple)) else [out]
    return inputs, tensors, names


def build_graph(k, model, specs, make_layer):
    """The functional model of a graph config: keras.Model(inputs, outputs)."""
    inputs, tensors, names = apply_layers(k, model, specs, make_layer)
    known = set(tensors)
    outputs = []
    for text in model.outputs or [names[-1]]:
        got = pick(tensors, parse(text, known, ()))
        outputs += got if isinstance(got, list) else [got]
    return k.Model(inputs if len(inputs) > 1 else inputs[0],
                   outputs if len(outputs) > 1 else outputs[0], name=model.name)
