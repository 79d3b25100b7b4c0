"""MergeSpec: the element-wise merge layers Add, Subtract, Multiply, Average, Maximum, Minimum
(keras/src/layers/merging/base_merge.py)."""

from __future__ import annotations

from typing import ClassVar

from ..base import LayerSpec
from ..shapes import Inferred, InputsError, Shape, fmt

MAX_INPUTS = 64


def elementwise(one: Shape, two: Shape) -> Shape | None:
    """Merge._compute_elemwise_op_output_shape without the batch axis: numpy-style
    broadcasting from the right, 1 stretches, None stays None; None when they do not fit."""
    if len(one) < len(two):
        one, two = two, one
    if not two:
        return one
    out = list(one[:len(one) - len(two)])
    for i, j in zip(one[len(one) - len(two):], two):
        if i is None or j is None:
            out.append(None)
        elif i == 1 or j == 1:
            out.append(j if i == 1 else i)
        elif i != j:
            return None
        else:
            out.append(i)
    return tuple(out)


def common_batch(shapes, what: str) -> int | None:
    """The one fixed batch size among the inputs (None when none is fixed)."""
    sizes = {s[0] for s in shapes} - {None}
    if len(sizes) > 1:
        first = next(i for i, s in enumerate(shapes) if s[0] is not None)
        other = next(i for i, s in enumerate(shapes) if s[0] not in (None, shapes[first][0]))
        raise InputsError("LS126", f"cannot {what} tensors with different batch sizes",
                          (first, other), advice="give every input the same batch_size")
    return sizes.pop() if sizes else None


def check_arity(cls, shapes) -> None:
    least, most = cls.INPUTS
    if not least <= len(shapes) <= most:
        exact = f"exactly {least}" if least == most else f"{least} to {most}"
        raise InputsError("LS127", f"takes {exact} inputs but `from` gives {len(shapes)}",
                          (), field="from", advice=f"list {exact} references in `from`")


class MergeSpec(LayerSpec):
    """Element-wise merge of several tensors of the same shape (broadcasting allowed).

    Input shape: a list of tensors. Output shape: their broadcast shape.
    """

    INPUTS: ClassVar[tuple[int, int]] = (1, MAX_INPUTS)
    SUPPORTS_MASKING: ClassVar[bool] = True
    MASK_FROM_INPUTS: ClassVar[str] = "all"
    VERB: ClassVar[str] = "merge"
    DOES: ClassVar[str] = "a merge of its inputs"

    def infer(self, shapes) -> Inferred:
        check_arity(type(self), shapes)
        batch = common_batch(shapes, self.VERB)
        out = shapes[0][1:]
        for i in range(1, len(shapes)):
            merged = elementwise(out, shapes[i][1:])
            if merged is None:
                j = next(j for j in range(i) if elementwise(shapes[j][1:], shapes[i][1:]) is None)
                want = shapes[j][-1] if shapes[j][-1] != shapes[i][-1] else None
                raise InputsError("LS126", f"cannot {self.VERB} them: the shapes must be equal "
                                  "(or broadcast: an axis of 1 stretches)", (j, i), want=want)
            out = merged
        return Inferred((batch,) + tuple(out))

    def describe(self, shapes, out: Shape) -> str:
        stretched = " (axes of 1 stretch to fit)" if len(set(shapes)) > 1 else ""
        return (f"outputs {self.DOES}, element by element, from "
                f"{', '.join(fmt(s) for s in shapes)}{stretched} -> {fmt(out)}")
