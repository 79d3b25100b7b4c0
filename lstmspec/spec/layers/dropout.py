"""Dropout: zeroes a fraction of the inputs while training (keras/src/layers/regularization)."""

from __future__ import annotations

from typing import ClassVar, Literal

from ..base import LayerSpec
from ..shapes import Inferred, Shape
from ..vocab import Rate, Seed


class DropoutSpec(LayerSpec):
    """Randomly sets a fraction `rate` of the inputs to 0 while training (keras.layers.Dropout).

    Input and output shape: any, unchanged.
    """

    KERAS_CLASS: ClassVar[str] = "Dropout"
    KEEPS_RANGE: ClassVar[bool] = True
    SUPPORTS_MASKING: ClassVar[bool] = True
    KEEPS_RANK: ClassVar[bool] = True

    type: Literal["Dropout"]
    rate: Rate
    """Fraction of the inputs to drop, in [0, 1)."""
    seed: Seed = None
    """Seed of the random mask."""

    def infer(self, shape: Shape) -> Inferred:
        return Inferred(shape)

    def describe(self, shape: Shape, out: Shape) -> str:
        return f"while training, zeroes {self.rate:.0%} of the values; keeps the shape"


SPEC = DropoutSpec
