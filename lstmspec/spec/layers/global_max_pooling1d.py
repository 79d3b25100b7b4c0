"""GlobalMaxPooling1D: the maximum over all timesteps (keras/src/layers/pooling)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .global_pooling1d import GlobalPooling1DSpec


class GlobalMaxPooling1DSpec(GlobalPooling1DSpec):
    """Maximum over the time axis (keras.layers.GlobalMaxPooling1D).

    Input shape: (batch, steps, features). Output shape: (batch, features), or
    (batch, 1, features) with keepdims.
    """

    KERAS_CLASS: ClassVar[str] = "GlobalMaxPooling1D"
    KEEPS_RANGE: ClassVar[bool] = True
    VERB: ClassVar[str] = "takes the maximum"

    type: Literal["GlobalMaxPooling1D"]


SPEC = GlobalMaxPooling1DSpec
