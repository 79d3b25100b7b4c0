"""The static summary: a table like Keras's model.summary(), its JSON form, and --explain."""

from __future__ import annotations

from ..inference.table import Inference, LayerInfo
from ..spec.shapes import fmt


def shape_json(outputs: tuple):
    shapes = [list(s) for s in outputs]
    return shapes[0] if len(shapes) == 1 else shapes


def shape_text(outputs: tuple) -> str:
    return fmt(outputs[0]) if len(outputs) == 1 else "[" + ", ".join(map(fmt, outputs)) + "]"


# A graph's layer that no model output reaches: shown, but not counted (Keras leaves it out).
LEFT_OUT = "not in the model (LS210)"


def to_json(path: str, inference: Inference) -> str:
    import json  # only `summary --format json` needs it: lint starts without it

    total, trainable, frozen = inference.totals()
    layers = [{"index": i.index, "name": i.name, "type": i.type,
               "output_shape": shape_json(i.result.outputs), "params": i.result.params,
               "trainable_params": i.result.trainable} for i in inference.layers]
    if inference.graph:
        for row, info in zip(layers, inference.layers):
            row["inbound"] = list(info.inbound)
            row["in_model"] = info.in_model
    inputs = list(inference.input_shape)
    if inference.named_inputs:
        inputs = {name: list(shape) for name, shape in inference.inputs.items()}
    return json.dumps({
        "path": path, "input_shape": inputs, "layers": layers,
        "output_shape": shape_json(inference.output), "total_params": total,
        "trainable_params": trainable, "non_trainable_params": frozen}, indent=2) + "\n"


def human_bytes(count: int) -> str:
    size, unit = float(count), "B"
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            break
        size /= 1024
    return f"{size:.2f} {unit}"


# What `summary --explain` ends with, and the language server's hover on a recurrent layer.
RECURRENT_TERMS = (
    "units is the size of a recurrent layer's hidden state (the vector it keeps and outputs "
    "per timestep), not a number of cells or timesteps.",
    "return_sequences: true outputs that state at every timestep (3D, for another recurrent "
    "layer or Conv1D); false outputs only the last one (2D).",
)


def explain(info: LayerInfo) -> list[str]:
    spec = info.spec
    lines = [f"      {spec.describe(info.call_shape, info.result.output)}"]
    if info.inbound and spec.INPUTS is not None:
        roles = spec.INPUT_ROLES
        named = [f"{roles[k]} '{ref}'" if k < len(roles) else f"'{ref}'"
                 for k, ref in enumerate(info.inbound[:len(info.input_shapes)])]
        lines.append(f"      inputs: {', '.join(named)}")
    states = info.inbound[len(info.input_shapes):]
    if states:
        lines.append(f"      starts from the states {', '.join(repr(s) for s in states)} "
                     "(initial_state) instead of zeros")
    if info.result.params:
        lines.append(f"      params: {spec.formula(info.call_shape)}")
    if not info.in_model:
        lines.append("      not in the model: no model output reaches it (LS210), so Keras "
                     "leaves it out; its params are not in the totals")
    return lines


def input_text(inference: Inference) -> str:
    if inference.named_inputs:
        return "Inputs: " + ", ".join(f"{n} {fmt(s)}" for n, s in inference.inputs.items())
    return f"Input: {fmt(inference.input_shape)}"


def left_out_line(inference: Inference) -> list[str]:
    """The layers shown but not counted, when a graph has any."""
    out = [i for i in inference.layers if not i.in_model]
    if not out:
        return []
    params = sum(i.result.params for i in out)
    layers = f"{len(out)} layer{'s' if len(out) > 1 else ''}"
    return [(f"Not in the model: {layers} in parentheses ({params:,} params, not counted "
             "above): no model output reaches them (LS210)")]


def to_text(path: str, name: str | None, inference: Inference, explained: bool = False,
            estimate=None) -> str:
    rows = [(str(i.index), f"{i.name} ({i.type})", shape_text(i.result.outputs),
             f"{i.result.params:,}" if i.in_model else f"({i.result.params:,})")
            + ((", ".join(i.inbound) + ("" if i.in_model else f"  [{LEFT_OUT}]"),)
               if inference.graph else ()) for i in inference.layers]
    head = ("#", "Layer (type)", "Output Shape", "Param #") + (
        ("Connected to",) if inference.graph else ())
    widths = [max(len(r[c]) for r in rows + [head]) for c in range(len(head))]
    rule = "-" * (sum(widths) + 2 * len(head) - 2)

    def line(cells):
        text = (f"{cells[0]:>{widths[0]}}  {cells[1]:<{widths[1]}}  {cells[2]:<{widths[2]}}  "
                f"{cells[3]:>{widths[3]}}")
        return text + (f"  {cells[4]}" if len(cells) > 4 else "")

    out = [f'Model: "{name or "functional"}"  ({path})', input_text(inference),
           rule, line(head), rule]
    for info, row in zip(inference.layers, rows):
        out.append(line(row))
        if explained:
            out += explain(info)
    if inference.graph:
        out.append("Outputs: " + ", ".join(fmt(shape) for shape in inference.output))
    total, trainable, frozen = inference.totals()
    out += [rule, f"Total params: {total:,} ({human_bytes(total * 4)})",
            f"Trainable params: {trainable:,}", f"Non-trainable params: {frozen:,}"]
    out += left_out_line(inference)
    if estimate is not None:  # budget.Estimate
        out.append(estimate.describe())
    if explained:
        out += ["", *RECURRENT_TERMS]
    return "\n".join(out) + "\n"
