"""LayerNormalization: per-sample normalisation of the last axis
(keras/src/layers/normalization/layer_normalization.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field
from typing_extensions import Annotated

from ..base import LayerSpec
from ..shapes import Inferred, Shape, known_last


class LayerNormalizationSpec(LayerSpec):
    """Normalises each sample over its last axis (keras.layers.LayerNormalization).

    Input and output shape: any, unchanged.
    """

    KERAS_CLASS: ClassVar[str] = "LayerNormalization"
    SUPPORTS_MASKING: ClassVar[bool] = True
    KEEPS_RANK: ClassVar[bool] = True

    type: Literal["LayerNormalization"]
    epsilon: Annotated[float, Field(gt=0.0, le=1.0)] = 1e-3
    """Small number added to the variance to avoid dividing by zero."""
    center: bool = True
    """Learn an offset `beta` (features numbers)."""
    scale: bool = True
    """Learn a scale `gamma` (features numbers)."""

    def infer(self, shape: Shape) -> Inferred:
        features = known_last(shape, "LayerNormalization")
        return Inferred(shape, trainable=features * (int(self.center) + int(self.scale)))

    def formula(self, shape: Shape) -> str:
        n = int(self.center) + int(self.scale)
        return f"(gamma + beta) x features = {n} x {shape[-1]} = {n * shape[-1]:,}"

    def describe(self, shape: Shape, out: Shape) -> str:
        return "rescales each sample to mean 0 and variance 1 over its last axis; keeps the shape"


SPEC = LayerNormalizationSpec
