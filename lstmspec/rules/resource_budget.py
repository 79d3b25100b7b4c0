"""LS501-LS503: the resource budget: too many parameters, too much training memory, slow to build.

Checked on the static table before anything is allocated (inference/budget.py makes the estimate; the
limits come from `--max-params`/`--max-memory` or [tool.lstmspec]). Each finding points at the
layer that costs the most, since that is where the fix usually goes. Parameters and memory are
the model's (a layer left out of it, LS210, costs neither); a slow build is any layer's, since
Keras builds a layer it leaves out all the same.
"""

from __future__ import annotations

from ..diagnostics import Finding
from ..inference.budget import DEFAULT_BUDGET, human_bytes
from ..inference.budget import estimate as make_estimate

CODE = "LS501"
CODES = ("LS501", "LS502", "LS503")


def layer_path(index: int, spec, field: str | None = None) -> tuple:
    path = ("layers", index)
    if field is None:
        return path
    inner = getattr(spec, "inner", None)
    return path + (("layer", field) if inner is not None else (field,))


def check(ctx):
    budget = getattr(ctx, "budget", None) or DEFAULT_BUDGET
    est = make_estimate(ctx.inference, ctx.model, budget)
    built = [c for c in est.layers if c.index >= 0]
    layers = [c for c in built if c.in_model]
    if not built:
        return
    specs = {info.index: info for info in ctx.inference.layers}
    # on a stack whose walk stopped: the layers checked so far, a lower bound of the model's
    least = "" if ctx.inference.complete else "at least "
    if est.params > budget.max_params:
        worst = max(layers, key=lambda c: c.params)
        yield Finding("LS501", f"the model has {least}{est.params:,} parameters, over the budget of "
                      f"{budget.max_params:,} (layer {worst.index} '{specs[worst.index].name}' "
                      f"alone has {worst.params:,}): make the layers smaller, or raise the "
                      "limit with --max-params", layer_path(worst.index, None))
    if est.total_bytes > budget.max_memory:
        yield too_much_memory(est, budget, layers, specs, ctx.model, least)
    for cost in built:
        if cost.build_seconds > budget.slow_build_seconds:
            yield slow_build(specs[cost.index], cost)


def too_much_memory(est, budget, layers: list, specs: dict, model, least: str = "") -> Finding:
    """LS502 on the layer of the model that costs the most (the input, when the model holds
    no layer: a graph whose outputs are inputs)."""
    head = (f"training would need {least or 'about '}{human_bytes(est.total_bytes)} (weights "
            f"{human_bytes(est.weight_bytes)}, activations {human_bytes(est.activation_bytes)} "
            f"at batch {est.batch_size}), over the budget of {human_bytes(budget.max_memory)}")
    if not layers:
        return Finding("LS502", f"{head}; the input batch costs it all: make the batch smaller, "
                       "or raise the limit with --max-memory",
                       ("inputs",) if model.inputs is not None else ("input",))
    worst = max(layers, key=lambda c: c.params * 4 + c.activations)
    return Finding("LS502", f"{head}; layer {worst.index} '{specs[worst.index].name}' costs the "
                   "most: make it smaller or the batch smaller, or raise the limit with "
                   "--max-memory", layer_path(worst.index, None))


def slow_build(info, cost) -> Finding:
    spec = info.core
    # point at the initializer when the config names it, else at what makes it large
    field = cost.slow_field if cost.slow_field in spec.model_fields_set else "units"
    if not info.in_model:  # built all the same: removing it saves the whole wait
        return Finding("LS503", f"{info.type} '{info.name}' takes about "
                       f"{cost.build_seconds:,.0f} s to build, and the model leaves it out "
                       "(LS210: no model output reaches it), yet Keras builds it all the same: "
                       "remove it, or connect it to an output", layer_path(info.index, None))
    return Finding("LS503", f"{info.type} '{info.name}' takes about {cost.build_seconds:,.0f} s "
                   f"to build: its {cost.slow_field} (orthogonal) runs a QR decomposition whose "
                   "cost grows with the cube of the units; choose another initializer (e.g. "
                   "glorot_uniform) if the wait matters, or fewer units",
                   layer_path(info.index, info.spec, field))
