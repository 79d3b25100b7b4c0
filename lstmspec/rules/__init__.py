"""Advisory rules: one module each (CODE, NAME, SUMMARY, check(ctx)) and one registry.

Rules see a complete, valid model and its inferred layers; they yield Findings by YAML path.
The linter stamps severity from codes.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..inference import Inference
from ..spec.model import ModelSpec
from . import cudnn_ineligible, embedding_float_input, mask_dropped


@dataclass(frozen=True)
class RuleContext:
    model: ModelSpec
    inference: Inference


RULES = (mask_dropped, cudnn_ineligible, embedding_float_input)


def run_rules(ctx: RuleContext):
    for rule in RULES:
        yield from rule.check(ctx)
