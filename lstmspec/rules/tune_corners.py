"""Lint of a `tune:` space without sampling it blindly: each bound alone against the schema
(LS481), then the corners of the space (every combination of the extremes, or each extreme
alone when there are too many), each linted as a plain config; a corner that Keras cannot
build or that breaks the budget is reduced to the values that cause it (LS483)."""

from __future__ import annotations

import itertools

from ..diagnostics import Finding
from ..overrides.space import SpaceParam, active, first_error, lint_values

MAX_CORNERS = 128  # lints of the whole config: ~2-5 ms each
MAX_REPORTED = 5


def extremes(spec) -> list:
    if spec.type == "categorical":
        return list(spec.choices)
    high = spec.high
    if spec.type == "int" and not spec.log:
        high = spec.low + (spec.high - spec.low) // spec.step * spec.step  # Optuna's last value
    return [spec.low] if high == spec.low else [spec.low, high]


def where(param: SpaceParam, index: int) -> tuple:
    """The YAML path of one extreme in the param's own entry: low/high or choices.N."""
    base = ("tune", "space", param.key)
    if param.spec.type == "categorical":
        return base + ("choices", index)
    return base + (("low",) if index == 0 else ("high",))


def shown(value) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    return str(value)


def assignment(values: dict) -> str:
    return ", ".join(f"{k}={shown(v)}" for k, v in values.items())


def check_bounds(source, params, budget, analyse) -> tuple[list[Finding], set]:
    """LS481: an extreme that the schema refuses where it lands. Returns the findings and the
    (key, index) pairs refused, which the corner walk then leaves out."""
    findings, refused = [], set()
    for param in params:
        for index, value in enumerate(extremes(param.spec)):
            error = first_error(lint_values(source, params, {param.key: value}, budget, analyse))
            if error is None or not error.code.startswith("LS3") or \
                    tuple(error.yaml_path[:len(param.path)]) != param.path:
                continue
            refused.add((param.key, index))
            findings.append(Finding("LS481", f"tune.space.{param.key}: the value {shown(value)} "
                                    f"is refused where it lands: {error.message}",
                                    where(param, index)))
    return findings, refused


def corners(params, refused) -> list[dict]:
    """Assignments of extremes to the params (respecting `when`), at most MAX_CORNERS."""
    options = [[(i, v) for i, v in enumerate(extremes(p.spec)) if (p.key, i) not in refused]
               for p in params]
    if not all(options):
        return []
    total = 1
    for choice in options:
        total *= len(choice)
    if total <= MAX_CORNERS:
        combos = itertools.product(*options)
    else:  # each extreme alone, the others at their first; then all first, all last
        firsts = [o[0] for o in options]
        combos = [firsts[:n] + [c] + firsts[n + 1:] for n, o in enumerate(options) for c in o]
        combos.append([o[-1] for o in options])
    out, seen = [], set()
    for combo in combos:
        values = {}
        for param, (_, value) in zip(params, combo):
            if active(param, values):
                values[param.key] = value
        frozen = tuple(values.items())
        if frozen not in seen:
            seen.add(frozen)
            out.append(values)
    return out


def reduce(source, params, values: dict, code: str, budget, analyse) -> dict:
    """Drop the values one by one that the error does not need (the config's own stays)."""
    needed = dict(values)
    for key in list(values):
        trial = {k: v for k, v in needed.items() if k != key}
        trial = {k: v for k, v in trial.items()
                 if active(next(p for p in params if p.key == k), trial)}
        error = first_error(lint_values(source, params, trial, budget, analyse))
        if trial and error is not None and error.code == code:
            needed = trial
    return needed


def check_corners(source, params, refused, budget, analyse) -> list[Finding]:
    """LS483 for the corners that lint refuses, with the values that cause each problem;
    LS485 when no corner lints clean: an error, since the study would prune its trials one
    after the other (a value between the extremes is rarely what saves a space)."""
    found, problems, clean = [], {}, 0
    walked = corners(params, refused)
    for values in walked:
        error = first_error(lint_values(source, params, values, budget, analyse))
        if error is None:
            clean += 1
            continue
        cause = reduce(source, params, values, error.code, budget, analyse)
        problems.setdefault((error.code, tuple(cause.items())), (cause, error))
    keys = [p.key for p in params]
    for cause, error in list(problems.values())[:MAX_REPORTED]:
        first = next((k for k in keys if k in cause), keys[0])
        values = assignment(cause) or "the config's own values"
        budget_note = " (the limit of a trial is tune.budget.max_params when it is lower)" \
            if error.code == "LS501" else ""
        found.append(Finding("LS483", f"tune.space: {values} gives a config that lint refuses "
                             f"({error.code}: {error.message}{budget_note}); such "
                             "samples are pruned before training: narrow the space to avoid "
                             "them", ("tune", "space", first), on_key=True))
    if len(problems) > MAX_REPORTED:
        found.append(Finding("LS483", f"tune.space: {len(problems) - MAX_REPORTED} more "
                             "combinations that lint refuses are not shown",
                             ("tune", "space"), on_key=True))
    if walked and not clean:
        found.append(Finding("LS485", f"tune.space: none of the {len(walked)} corners of the "
                             "space (the combinations of its extremes) lints clean: most or all "
                             "trials would be pruned before training, and the study would find "
                             "nothing; fix the config or narrow the space", ("tune", "space"), on_key=True))
    return found
