"""GRU: gated recurrent unit (keras/src/layers/rnn/gru.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from ..vocab import Activation
from .recurrent import RecurrentSpec


class GRUSpec(RecurrentSpec):
    """Gated recurrent unit layer (keras.layers.GRU).

    Input shape: (batch, timesteps, features).
    Output shape: (batch, timesteps, units) if return_sequences, else (batch, units).
    """

    KERAS_CLASS: ClassVar[str] = "GRU"
    GATES: ClassVar[int] = 3
    CUDNN_KERNEL: ClassVar[bool] = True
    GATED_OUTPUT: ClassVar[bool] = True

    type: Literal["GRU"]
    recurrent_activation: Activation = "sigmoid"
    """Activation of the update and reset gates. `sigmoid` keeps the cuDNN kernel."""
    reset_after: bool = True
    """Apply the reset gate after the matrix multiplication (the cuDNN-compatible variant,
    with separate input and recurrent biases). `false` rules out the cuDNN kernel."""

    def cell_params(self, features: int) -> int:
        # GRUCell.build: kernel (features, 3u), recurrent_kernel (u, 3u),
        # bias (2, 3u) when reset_after else (3u,)
        u = self.units
        bias = (6 * u if self.reset_after else 3 * u) if self.use_bias else 0
        return 3 * u * (features + u) + bias

    def bias_is_matrix(self) -> bool:
        # GRUCell.build: bias shape (2, 3 x units) with reset_after, (3 x units,) without
        return self.reset_after

    def formula(self, shape) -> str:
        f, u = shape[-1], self.units
        if not self.use_bias:
            bias_words, bias = "", ""
        elif self.reset_after:
            bias_words, bias = " + 2 x units", f" + 2 x {u}"
        else:
            bias_words, bias = " + units", f" + {u}"
        return (f"3 gates x (units x (features + units){bias_words}) = "
                f"3 x ({u} x ({f} + {u}){bias}) = {self.cell_params(f):,}")


SPEC = GRUSpec
