"""Concatenate: joins tensors along one axis (keras/src/layers/merging/concatenate.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field
from typing_extensions import Annotated

from ..base import LayerSpec
from ..shapes import Inferred, InputsError, Shape, ShapeError, fmt
from .merge import MAX_INPUTS, check_arity


class ConcatenateSpec(LayerSpec):
    """Joins a list of tensors along `axis` (keras.layers.Concatenate).

    Input shape: tensors of the same rank, equal on every axis but `axis`.
    Output shape: theirs, with `axis` the sum of theirs.
    """

    KERAS_CLASS: ClassVar[str] = "Concatenate"
    MASK_FROM_INPUTS: ClassVar[str] = "any"
    INPUTS: ClassVar[tuple[int, int]] = (1, MAX_INPUTS)
    SUPPORTS_MASKING: ClassVar[bool] = True

    type: Literal["Concatenate"]
    axis: Annotated[int, Field(ge=-16, le=16)] = -1
    """The axis to join along: -1 (the default) the features, 1 the timesteps; the batch axis
    (0) cannot be joined."""

    def infer(self, shapes) -> Inferred:
        check_arity(type(self), shapes)
        rank = len(shapes[0])
        for i, shape in enumerate(shapes[1:], start=1):
            if len(shape) != rank:
                raise InputsError("LS126", "cannot join tensors of different ranks", (0, i))
        axis = self.axis % rank if -rank <= self.axis < rank else None
        if axis is None or axis == 0:
            where = "the batch axis" if axis == 0 else f"no axis of {rank}D inputs"
            raise ShapeError("LS105", f"has axis={self.axis}, which is {where}", field="axis",
                             fix="set axis: -1",
                             advice="use axis: -1 to join the features (or 1, the timesteps)")
        for other in range(rank):
            if other == axis:
                continue
            sizes = [(i, s[other]) for i, s in enumerate(shapes) if s[other] is not None]
            for i, size in sizes[1:]:
                if size != sizes[0][1]:
                    want = sizes[0][1] if other == rank - 1 else None
                    raise InputsError(
                        "LS126", f"cannot join them along axis {self.axis}: every other axis "
                        f"must be equal, and axis {other - rank if other else 0} differs",
                        (sizes[0][0], i), want=want)
        joined = [s[axis] for s in shapes]
        out = list(shapes[0])
        out[axis] = None if None in joined else sum(joined)
        return Inferred(tuple(out))

    def describe(self, shapes, out: Shape) -> str:
        return (f"joins {', '.join(fmt(s) for s in shapes)} along axis {self.axis} "
                f"-> {fmt(out)}")


SPEC = ConcatenateSpec
