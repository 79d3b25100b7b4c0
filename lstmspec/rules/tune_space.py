"""LS480-LS485: the `tune:` space, checked without sampling it blindly (tune_corners.py).

LS480 a path (in tune.space, or of --set) that names no value of the config; LS481 a bound the
schema refuses where it lands; LS482 an objective that training does not log; LS483 corners of
the space that Keras cannot build or that break the budget, with the values that cause them;
LS484 a `when` that refers to no earlier value of the space; LS485 no corner lints clean.
"""

from __future__ import annotations

from ..diagnostics import Finding
from .train_settings import has_validation

CODE = "LS480"
CODES = ("LS480", "LS481", "LS482", "LS483", "LS484", "LS485")


def check(ctx):
    tune = getattr(ctx.model, "tune", None)
    if tune is None or not isinstance(ctx.data, dict):
        return
    from ..source.yaml_source import Source
    from .tune_corners import check_bounds, check_corners
    from ..overrides.space import first_error, lint_values, resolve, trial_budget

    yield from check_objective(ctx, tune.objective)
    params, unknown = resolve(ctx.data, tune)
    yield from unknown
    conditions = list(check_conditions(tune))
    yield from conditions
    if unknown or conditions:
        return
    source = Source(ctx.config_path, "", ctx.data, ok=True)
    budget = trial_budget(ctx.budget, tune)
    if first_error(lint_values(source, params, {}, ctx.budget, ctx.relint)) is not None:
        return  # the config's own problems are reported as they are
    bounds, refused = check_bounds(source, params, budget, ctx.relint)
    yield from bounds
    yield from check_corners(source, params, refused, budget, ctx.relint)


def check_objective(ctx, objective):
    compiled = ctx.model.compile
    logged = ["loss"] + (list(compiled.metrics) if compiled else [])
    name = objective.metric.removeprefix("val_")
    path = ("tune", "objective", "metric")
    if name not in logged:
        yield Finding("LS482", f"tune.objective.metric '{objective.metric}' is not logged by "
                      f"training (it logs {', '.join(logged)}, and val_ of each with a "
                      "validation part): use val_loss, or add the metric to compile.metrics",
                      path)
    elif objective.metric.startswith("val_") and not has_validation(ctx):
        yield Finding("LS482", f"tune.objective.metric '{objective.metric}' needs a validation "
                      f"part, and data.split.validation is 0: optimise '{name}', or give "
                      "validation a fraction", path)


def check_conditions(tune):
    seen = {}
    for key, spec in tune.space.items():
        for other, wanted in (spec.when or {}).items():
            path = ("tune", "space", key, "when", other)
            if other not in seen:
                later = other in tune.space
                yield Finding("LS484", f"tune.space.{key}: `when` refers to '{other}', which is "
                              + ("declared after it: move it before" if later else
                                 "not a value of the space: name one declared before it"),
                              path, on_key=True)
                continue
            choices = getattr(seen[other], "choices", None)
            options = wanted if isinstance(wanted, list) else [wanted]
            missing = [w for w in options if choices is not None and w not in choices]
            if missing:
                yield Finding("LS484", f"tune.space.{key}: `when` waits for {other}={missing[0]}"
                              f", which is not among its choices ({choices})", path)
        seen[key] = spec
