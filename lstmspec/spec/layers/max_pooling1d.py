"""MaxPooling1D: the maximum over windows of timesteps (keras/src/layers/pooling)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .pooling1d import Pooling1DSpec


class MaxPooling1DSpec(Pooling1DSpec):
    """Max pooling over timesteps (keras.layers.MaxPooling1D).

    Input shape: (batch, steps, features). Output shape: (batch, pooled_steps, features).
    """

    KERAS_CLASS: ClassVar[str] = "MaxPooling1D"
    KEEPS_RANGE: ClassVar[bool] = True
    VERB: ClassVar[str] = "takes the maximum over"

    type: Literal["MaxPooling1D"]


SPEC = MaxPooling1DSpec
