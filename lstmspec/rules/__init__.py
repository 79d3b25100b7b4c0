"""Advisory rules: one module each (CODE, or CODES when it reports several, and check(ctx))
and one registry. A code's name, severity and summary live in codes.py only.

Rules see a complete, valid model and its inferred layers; they yield Findings by YAML path.
The linter stamps severity from codes.py.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Callable, NamedTuple

from ..inference.budget import DEFAULT_BUDGET, Budget
from ..inference.table import Inference
from ..spec.core import SECTIONS
from . import (
    cudnn_ineligible, embedding_float_input, mask_dropped, resource_budget, softmax_one_unit,
)

if TYPE_CHECKING:
    from ..datafacts.access import DataAccess
    from ..spec.config import ModelSpec


class RuleContext(NamedTuple):
    model: ModelSpec
    inference: Inference
    budget: Budget = DEFAULT_BUDGET
    config_path: str = ""  # the config file: data paths are relative to its folder
    data: object = None  # the config as read (plain data), for checks that work by path
    # lint's own analyse(source, budget), for a rule that lints configs derived from this one
    # (a tune space's corners); passed in so that no rule imports lint
    relint: Callable | None = None
    access: DataAccess | None = None  # where data files may be read (None: anywhere)


RULES = (mask_dropped, cudnn_ineligible, embedding_float_input, softmax_one_unit,
         resource_budget)
# The rules that judge one layer at a time, or a sum that only grows with more layers (the
# budget: over it with the checked layers is over it for sure): they also run on the layers a
# stack's shape walk checked before it stopped. The others need the whole model and wait.
PARTIAL_RULES = (cudnn_ineligible, embedding_float_input, resource_budget)
# The runner sections' rules (LS4xx) run only when a config has a runner section, and are
# imported only then (they read data files): module names under rules/, in order.
SECTION_RULES = ("data_file", "data_columns", "data_inputs", "data_rows", "data_series",
                 "data_targets",
                 "data_embedding", "data_classes", "loss_output", "loss_probability",
                 # what the model can learn of its data (LS430-LS436)
                 "head_range", "class_split", "constant_feature", "class_weight",
                 "metric_output", "train_settings", "data_split", "stateful_training",
                 # train.distribute (LS420-LS422): each runs only under a strategy
                 "distribute_batch", "distribute_cluster", "distribute_stateful",
                 "tune_space",
                 # output.export (LS450)
                 "export_stateful")


def section_rules() -> list:
    return [importlib.import_module(f"{__name__}.{SECTION_RULES[i]}")
            for i in range(len(SECTION_RULES))]


def all_rules() -> list:
    return list(RULES) + section_rules()


# Rules about the one `input:` and its data; a model with `inputs:` has data_named_inputs.
ONE_INPUT_RULES = ("data_inputs", "data_rows", "data_series", "data_targets",
                   "data_embedding", "data_classes", "train_settings", "distribute_batch",
                   "head_range", "class_split", "constant_feature", "class_weight")


def run_rules(ctx: RuleContext):
    with_sections = any(getattr(ctx.model, name, None) is not None for name in SECTIONS)
    rules = all_rules() if with_sections else list(RULES)
    if ctx.inference.graph and with_sections:
        from . import data_future_targets, data_named_inputs

        rules += [data_named_inputs, data_future_targets]
    if ctx.model.inputs is not None:
        rules = [r for r in rules if r.__name__.rsplit(".", 1)[1] not in ONE_INPUT_RULES]
    for rule in rules:
        yield from rule.check(ctx)


def input_rules(ctx: RuleContext):
    """The rule that needs no layer shapes, only input.shape and the data (LS404, LS405): run
    also when a shape error stopped the walk, since a wrong input.shape (a batch axis written
    in it, the axes swapped) is often what broke the first layer."""
    if ctx.model.data is None or ctx.model.inputs is not None:
        return
    from . import data_inputs

    yield from data_inputs.check(ctx)


def waiting_advice(specs: list) -> tuple:
    """The whole-model advice (RULES beyond PARTIAL_RULES) these layers could draw, so that a
    stopped walk names what waits: LS201 with a mask in the model (Masking, Embedding with
    mask_zero), LS204 with a softmax last layer."""
    specs = [s for s in specs if s is not None]
    codes = []
    if any(s.makes_mask() for s in specs):
        codes.append(mask_dropped.CODE)
    if specs and getattr(specs[-1], "activation", None) == "softmax":
        codes.append(softmax_one_unit.CODE)
    return tuple(codes)


def run_partial_rules(ctx: RuleContext):
    """PARTIAL_RULES on an incomplete inference (the layers checked so far)."""
    for rule in PARTIAL_RULES:
        yield from rule.check(ctx)
