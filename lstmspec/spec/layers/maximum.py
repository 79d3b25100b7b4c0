"""Maximum: the element-wise maximum of its inputs (keras/src/layers/merging/maximum.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .merge import MergeSpec


class MaximumSpec(MergeSpec):
    """The element-wise maximum of its inputs, element by element (keras.layers.Maximum).

    Input shape: a list of tensors of the same shape (or broadcastable).
    Output shape: that shape.
    """

    KERAS_CLASS: ClassVar[str] = "Maximum"
    DOES: ClassVar[str] = "the element-wise maximum of its inputs"
    VERB: ClassVar[str] = "take the maximum of"

    type: Literal["Maximum"]


SPEC = MaximumSpec
