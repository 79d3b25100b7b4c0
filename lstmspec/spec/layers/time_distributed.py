"""TimeDistributed: applies a layer to every timestep
(keras/src/layers/rnn/time_distributed.py)."""

from __future__ import annotations

import re
from typing import ClassVar, Literal

from ..shapes import Inferred, RankError, Shape, ShapeError, expect_min_rank, fmt
from .wrapper import WrapperSpec


class TimeDistributedSpec(WrapperSpec):
    """Applies the same layer to every timestep (keras.layers.TimeDistributed).

    Input shape: (batch, timesteps, ...). Output shape: (batch, timesteps, *inner output).
    """

    KERAS_CLASS: ClassVar[str] = "TimeDistributed"
    SUPPORTS_MASKING: ClassVar[bool] = True

    type: Literal["TimeDistributed"]

    def child_shape(self, shape: Shape) -> Shape:
        return (shape[0],) + tuple(shape[2:])

    def infer(self, shape: Shape) -> Inferred:
        # TimeDistributed.compute_output_shape: the inner layer sees (batch, *shape[2:])
        expect_min_rank(shape, 3)
        try:
            one = self.infer_inner(self.child_shape(shape))
        except RankError as err:
            # Keras's symbolic build skips the inner layer's input-rank check (it calls
            # layer.build / compute_output_shape, never layer.__call__), so such a model may
            # build, but it fails on its first batch or returns other shapes than it reports.
            needed = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), err.expected)
            raise RankError(shape, needed, f"(its {self.inner.KERAS_CLASS} needs {err.expected} "
                            "input for each timestep)") from None
        if one.extra_outputs:
            # TimeDistributed.call stacks one tensor per timestep; a list of them fails.
            raise ShapeError("LS105", f"wraps a {self.inner.KERAS_CLASS} with return_state: true, "
                             "but TimeDistributed can only wrap a layer with one output",
                             field=("layer", "return_state"),
                             fix="set return_state: false")
        return Inferred((one.output[0], shape[1]) + tuple(one.output[1:]),
                        trainable=one.trainable, non_trainable=one.non_trainable)

    def formula(self, shape: Shape) -> str:
        return f"one shared {self.inner.KERAS_CLASS}: {self.inner.formula(self.child_shape(shape))}"

    def describe(self, shape: Shape, out: Shape) -> str:
        return (f"applies one {self.inner.KERAS_CLASS} (the same weights) to each of the "
                f"{shape[1] if shape[1] is not None else 'variable number of'} timesteps -> "
                f"{fmt(out)}")


SPEC = TimeDistributedSpec
