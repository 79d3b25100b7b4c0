"""Multiply: the product of its inputs (keras/src/layers/merging/multiply.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .merge import MergeSpec


class MultiplySpec(MergeSpec):
    """The product of its inputs, element by element (keras.layers.Multiply).

    Input shape: a list of tensors of the same shape (or broadcastable).
    Output shape: that shape.
    """

    KERAS_CLASS: ClassVar[str] = "Multiply"
    DOES: ClassVar[str] = "the product of its inputs"
    VERB: ClassVar[str] = "multiply"

    type: Literal["Multiply"]


SPEC = MultiplySpec
