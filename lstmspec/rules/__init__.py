"""Advisory rules: one module each (CODE, NAME, SUMMARY, check(ctx)) and one registry.

Rules see a complete, valid model and its inferred layers; they yield Findings by YAML path.
The linter stamps severity from codes.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..budget import DEFAULT_BUDGET, Budget
from ..inference import Inference
from ..spec.model import ModelSpec
from . import cudnn_ineligible, embedding_float_input, mask_dropped, resource_budget
from . import softmax_one_unit
from . import (data_classes, data_columns, data_embedding, data_file, data_inputs, data_rows,
               data_targets, loss_output, loss_probability, metric_output, train_settings)
from . import distribute_batch, distribute_cluster, distribute_stateful


@dataclass(frozen=True)
class RuleContext:
    model: ModelSpec
    inference: Inference
    budget: Budget = DEFAULT_BUDGET
    config_path: str = ""  # the config file: data paths are relative to its folder


RULES = (mask_dropped, cudnn_ineligible, embedding_float_input, softmax_one_unit,
         resource_budget)
# The runner sections (LS4xx): each runs only when its section is present.
RULES += (data_file, data_columns, data_inputs, data_rows, data_targets, data_embedding,
          data_classes, loss_output, loss_probability, metric_output, train_settings)
# train.distribute (LS420-LS422): each runs only under a strategy.
RULES += (distribute_batch, distribute_cluster, distribute_stateful)


def run_rules(ctx: RuleContext):
    for rule in RULES:
        yield from rule.check(ctx)
