"""Bidirectional: runs a recurrent layer forwards and backwards
(keras/src/layers/rnn/bidirectional.py)."""

from __future__ import annotations

from typing import ClassVar, Literal, Optional

from ..base import LayerSpec, References
from ..shapes import Inferred, Shape, ShapeError, fmt
from .wrapper import WrapperSpec

MERGES = {"concat": "joins", "sum": "adds", "mul": "multiplies", "ave": "averages"}


class BidirectionalSpec(WrapperSpec):
    """Bidirectional wrapper for recurrent layers (keras.layers.Bidirectional).

    Input shape: (batch, timesteps, features). Output shape: the inner layer's, with the last
    axis doubled for merge_mode concat.
    """

    KERAS_CLASS: ClassVar[str] = "Bidirectional"
    SUPPORTS_MASKING: ClassVar[bool] = True
    COPIES: ClassVar[int] = 2

    type: Literal["Bidirectional"]
    merge_mode: Literal["concat", "sum", "mul", "ave"] = "concat"
    """How the forward and backward outputs are combined: `concat` doubles the last axis."""
    initial_state: Optional[References] = None
    """Initial states for both directions, as Keras's `initial_state` call argument: the
    forward layer's states first, then the backward layer's (LSTM: 4, GRU/SimpleRNN: 2)."""

    @classmethod
    def wraps(cls, inner: type[LayerSpec]) -> bool:
        return inner.RECURRENT

    def infer(self, shape: Shape) -> Inferred:
        if self.inner.go_backwards:
            raise ShapeError("LS105", "wraps a layer with go_backwards: true, which Keras "
                             "refuses: Bidirectional makes the backward copy itself",
                             field=("layer", "go_backwards"),
                             fix="set go_backwards: false",
                             advice="remove go_backwards from the wrapped layer")
        if self.inner.stateful and self.inner.return_state:
            # Bidirectional.compute_mask builds `(None for _ in self.states) * 2` whenever the
            # states exist, that is when stateful (keras/src/layers/rnn/bidirectional.py).
            raise ShapeError("LS105", "wraps a stateful layer with return_state: true, which "
                             "Keras cannot build (Bidirectional fails on the saved states)",
                             field=("layer", "return_state"),
                             fix="set return_state: false",
                             advice="set return_state: false or stateful: false")
        one = self.infer_inner(shape)
        out = one.output
        if self.merge_mode == "concat":
            out = out[:-1] + (2 * out[-1],)
        states = one.extra_outputs * 2  # forward states, then backward states
        return Inferred(out, trainable=2 * one.trainable, non_trainable=2 * one.non_trainable,
                        extra_outputs=states)

    def consumes_mask(self) -> bool:
        return self.inner.consumes_mask()

    def formula(self, shape: Shape) -> str:
        return f"2 directions x ({self.inner.formula(shape)})"

    def describe(self, shape: Shape, out: Shape) -> str:
        return (f"runs two copies of the {self.inner.KERAS_CLASS}, one reading forwards and one "
                f"backwards, and {MERGES[self.merge_mode]} their outputs "
                f"(merge_mode={self.merge_mode}) -> {fmt(out)}")


SPEC = BidirectionalSpec
