"""LSTM: long short-term memory (keras/src/layers/rnn/lstm.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from ..vocab import Activation
from .recurrent import RecurrentSpec


class LSTMSpec(RecurrentSpec):
    """Long short-term memory layer (keras.layers.LSTM).

    Input shape: (batch, timesteps, features).
    Output shape: (batch, timesteps, units) if return_sequences, else (batch, units).
    """

    KERAS_CLASS: ClassVar[str] = "LSTM"
    STATES: ClassVar[int] = 2
    STATE_NAMES: ClassVar[str] = "h and c"
    GATES: ClassVar[int] = 4
    CUDNN_KERNEL: ClassVar[bool] = True
    GATED_OUTPUT: ClassVar[bool] = True

    type: Literal["LSTM"]
    recurrent_activation: Activation = "sigmoid"
    """Activation of the input, forget and output gates. `sigmoid` keeps the cuDNN kernel."""
    unit_forget_bias: bool = True
    """Start the forget-gate bias at 1 (Jozefowicz et al., 2015)."""

    def cell_params(self, features: int) -> int:
        # LSTMCell.build: kernel (features, 4u), recurrent_kernel (u, 4u), bias (4u,)
        u = self.units
        return 4 * u * (features + u) + (4 * u if self.use_bias else 0)

    def formula(self, shape) -> str:
        f, u = shape[-1], self.units
        bias = f" + {u}" if self.use_bias else ""
        return (f"4 gates x (units x (features + units){' + units' if self.use_bias else ''}) = "
                f"4 x ({u} x ({f} + {u}){bias}) = {self.cell_params(f):,}")


SPEC = LSTMSpec
