"""What the model's last layers emit: the output shape and the activation that decides what
the outputs mean. Shared by the stack rules and the runner-section rules; no file access."""

from __future__ import annotations


def model_output(ctx) -> tuple:
    """The model's output shape for one sample (batch axis dropped)."""
    return tuple(ctx.inference.output[0][1:])


def held_layers(ctx) -> list:
    """The layers the model holds, in order (a graph's layers left out of it, LS210, decide
    nothing of its output): with one output, the last is the output's layer. A graph whose
    outputs are only inputs holds none: then every layer, as written."""
    return ctx.inference.held or ctx.inference.layers


def last_layer_path(ctx, key: str | None = None) -> tuple:
    return held_layers(ctx)[-1].core_path + ((key,) if key else ())


def final_activation(ctx) -> tuple[str, object, tuple]:
    """(activation, LayerInfo, YAML path) of the layer that decides what the outputs mean."""
    for info in reversed(held_layers(ctx)):
        spec, path = info.core, info.core_path
        if spec.KEEPS_RANGE:  # passes values on without changing what they mean
            continue
        if "activation" in type(spec).model_fields:
            where = path + ("activation",) if "activation" in spec.model_fields_set else path
            return spec.activation or "linear", info, where
        return "linear", info, path
    return "linear", held_layers(ctx)[-1], ("layers",)


def output_units(ctx) -> int | None:
    out = model_output(ctx)
    return out[-1] if out else None
