"""Attention: dot-product (Luong-style) attention (keras/src/layers/attention/attention.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from ..vocab import Seed
from .scored_attention import ScoredAttentionSpec


class AttentionSpec(ScoredAttentionSpec):
    """Dot-product attention layer (keras.layers.Attention), called with `from: [query, value]`
    or `[query, value, key]`.

    Input shape: query (batch, Tq, dim), value (batch, Tv, dv), key (batch, Tv, dim).
    Output shape: (batch, Tq, dv).
    """

    KERAS_CLASS: ClassVar[str] = "Attention"

    type: Literal["Attention"]
    use_scale: bool = False
    """Learn one scalar that scales the scores."""
    score_mode: Literal["dot", "concat"] = "dot"
    """`dot`: scores are query . key; `concat`: tanh of their sum, summed over features."""
    seed: Seed = None
    """Seed of the dropout."""

    def weights(self, shapes) -> int:
        # Attention.build: scale () when use_scale, concat_score_weight () for concat
        return int(self.use_scale) + int(self.score_mode == "concat")

    def formula(self, shapes) -> str:
        parts = ["1 scale"] * self.use_scale + ["1 concat score weight"] * (
            self.score_mode == "concat")
        return " + ".join(parts) + f" = {self.weights(shapes)}"


SPEC = AttentionSpec
