"""Activation: an element-wise function (keras/src/layers/activations/activation.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from ..base import LayerSpec
from ..shapes import Inferred, Shape
from ..vocab import Activation


class ActivationSpec(LayerSpec):
    """Applies an activation function (keras.layers.Activation).

    Input and output shape: any, unchanged.
    """

    KERAS_CLASS: ClassVar[str] = "Activation"
    SUPPORTS_MASKING: ClassVar[bool] = True
    KEEPS_RANK: ClassVar[bool] = True

    type: Literal["Activation"]
    activation: Activation
    """The activation function, by name."""

    def infer(self, shape: Shape) -> Inferred:
        return Inferred(shape)

    def describe(self, shape: Shape, out: Shape) -> str:
        return f"applies {self.activation or 'linear'} to every value; keeps the shape"


SPEC = ActivationSpec
