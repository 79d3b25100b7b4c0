"""AdditiveAttention: Bahdanau-style attention
(keras/src/layers/attention/additive_attention.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .scored_attention import ScoredAttentionSpec


class AdditiveAttentionSpec(ScoredAttentionSpec):
    """Additive attention layer (keras.layers.AdditiveAttention), called with
    `from: [query, value]` or `[query, value, key]`.

    Input shape: query (batch, Tq, dim), value (batch, Tv, dv), key (batch, Tv, dim).
    Output shape: (batch, Tq, dv).
    """

    KERAS_CLASS: ClassVar[str] = "AdditiveAttention"

    type: Literal["AdditiveAttention"]
    use_scale: bool = True
    """Learn one scale per feature of the scores (a vector of the query's size)."""

    def weights(self, shapes) -> int:
        # AdditiveAttention.build: scale of shape [query dim] when use_scale
        return shapes[0][-1] if self.use_scale else 0

    def formula(self, shapes) -> str:
        return f"one scale per query feature = {shapes[0][-1]}"


SPEC = AdditiveAttentionSpec
