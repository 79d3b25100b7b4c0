"""SpatialDropout1D: drops whole feature channels (keras/src/layers/regularization)."""

from __future__ import annotations

from typing import ClassVar, Literal

from ..base import LayerSpec
from ..shapes import Inferred, Shape, expect_rank
from ..vocab import Rate, Seed


class SpatialDropout1DSpec(LayerSpec):
    """Drops entire feature channels of a sequence (keras.layers.SpatialDropout1D).

    Input and output shape: (batch, timesteps, features).
    """

    KERAS_CLASS: ClassVar[str] = "SpatialDropout1D"
    KEEPS_RANGE: ClassVar[bool] = True
    SUPPORTS_MASKING: ClassVar[bool] = True

    type: Literal["SpatialDropout1D"]
    rate: Rate
    """Fraction of the feature channels to drop, in [0, 1)."""
    seed: Seed = None
    """Seed of the random mask."""

    def infer(self, shape: Shape) -> Inferred:
        return Inferred(expect_rank(shape, 3))

    def describe(self, shape: Shape, out: Shape) -> str:
        return f"while training, zeroes {self.rate:.0%} of the feature channels; keeps the shape"


SPEC = SpatialDropout1DSpec
