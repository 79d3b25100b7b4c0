"""A `tune:` space resolved against the config as written: each path becomes a YAML path once
(layers by name, so the space survives a type change such as LSTM -> GRU), and a set of
sampled values becomes a plain config (the `tune:` section left out) to lint or train."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from ..diagnostics import Finding, YamlPath
from ..source.yaml_source import Source
from .paths import PathError, assign, locate

if TYPE_CHECKING:
    from ..lint import LintResult


class SpaceParam(NamedTuple):
    key: str  # the dotted path, as written in tune.space
    path: YamlPath  # where it lands in the config
    spec: Any  # IntParam | FloatParam | CategoricalParam


def resolve(data: dict, tune) -> tuple[list[SpaceParam], list[Finding]]:
    """The space's params in order; a path that names nothing is an LS480 at its key."""
    params, findings = [], []
    for key, spec in tune.space.items():
        try:
            params.append(SpaceParam(key, locate(data, key), spec))
        except PathError as err:
            reason = str(err).split(": ", 1)[-1]
            findings.append(Finding("LS480", f"tune.space: '{key}' names no value of this "
                                    f"config: {reason}", ("tune", "space", key), on_key=True))
    return params, findings


def active(param: SpaceParam, values: dict) -> bool:
    """Whether the param's `when` holds for the values chosen so far."""
    for key, wanted in (param.spec.when or {}).items():
        options = wanted if isinstance(wanted, list) else [wanted]
        if key not in values or not any(same(values[key], w) for w in options):
            return False
    return True


def same(a, b) -> bool:
    return type(a) is type(b) and a == b  # true is not 1


def plain_config(data: dict, params: list[SpaceParam], values: dict) -> dict:
    """The config with the sampled values in place and without `tune:`."""
    out = {k: v for k, v in data.items() if k != "tune"}
    for param in params:
        if param.key in values:
            out = assign(out, param.path, values[param.key])
    return out


def lint_values(source: Source, params: list[SpaceParam], values: dict, budget,
                analyse: Callable) -> LintResult:
    """Lint the plain config of `values` (no TensorFlow): what a trial does before training.
    `analyse` is lint's own (passed in: the space is linted from inside lint, by a rule)."""
    sampled = Source(source.path, source.text, plain_config(source.data, params, values),
                     source.value_spans, source.key_spans, ok=True)
    return analyse(sampled, budget)


def trial_budget(budget, tune):
    """The lint budget of a sampled model: tune.budget.max_params caps the parameters."""
    limit = tune.budget.max_params
    if limit is None or limit >= budget.max_params:
        return budget
    return budget._replace(max_params=limit)


def first_error(result: LintResult):
    return next((d for d in result.diagnostics if d.severity.value == "error"), None)
