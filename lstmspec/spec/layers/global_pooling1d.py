"""GlobalPooling1DSpec: what the global 1D poolings share
(keras/src/layers/pooling/base_global_pooling.py)."""

from __future__ import annotations

from typing import ClassVar

from ..base import LayerSpec
from ..shapes import Inferred, Shape, expect_rank, fmt


class GlobalPooling1DSpec(LayerSpec):
    keepdims: bool = False
    """Keep the time axis with length 1: (batch, 1, features) instead of (batch, features)."""

    VERB: ClassVar[str] = "pools"

    def infer(self, shape: Shape) -> Inferred:
        batch, _, features = expect_rank(shape, 3)
        return Inferred((batch, 1, features) if self.keepdims else (batch, features))

    def describe(self, shape: Shape, out: Shape) -> str:
        return f"{self.VERB} over all timesteps, one value per feature -> {fmt(out)}"
