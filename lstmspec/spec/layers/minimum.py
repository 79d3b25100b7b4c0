"""Minimum: the element-wise minimum of its inputs (keras/src/layers/merging/minimum.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .merge import MergeSpec


class MinimumSpec(MergeSpec):
    """The element-wise minimum of its inputs, element by element (keras.layers.Minimum).

    Input shape: a list of tensors of the same shape (or broadcastable).
    Output shape: that shape.
    """

    KERAS_CLASS: ClassVar[str] = "Minimum"
    DOES: ClassVar[str] = "the element-wise minimum of its inputs"
    VERB: ClassVar[str] = "take the minimum of"

    type: Literal["Minimum"]


SPEC = MinimumSpec
