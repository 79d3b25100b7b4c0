"""Add: the sum of its inputs (keras/src/layers/merging/add.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .merge import MergeSpec


class AddSpec(MergeSpec):
    """The sum of its inputs, element by element (keras.layers.Add).

    Input shape: a list of tensors of the same shape (or broadcastable).
    Output shape: that shape.
    """

    KERAS_CLASS: ClassVar[str] = "Add"
    DOES: ClassVar[str] = "the sum of its inputs"
    VERB: ClassVar[str] = "add"

    type: Literal["Add"]


SPEC = AddSpec
