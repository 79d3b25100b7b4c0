"""SimpleRNN: fully connected recurrence (keras/src/layers/rnn/simple_rnn.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .recurrent import RecurrentSpec


class SimpleRNNSpec(RecurrentSpec):
    """Fully connected RNN whose output is fed back as input (keras.layers.SimpleRNN).

    Input shape: (batch, timesteps, features).
    Output shape: (batch, timesteps, units) if return_sequences, else (batch, units).
    """

    KERAS_CLASS: ClassVar[str] = "SimpleRNN"
    GATES: ClassVar[int] = 1  # no gate: one kernel of width units

    type: Literal["SimpleRNN"]

    def cell_params(self, features: int) -> int:
        # SimpleRNNCell.build: kernel (features, u), recurrent_kernel (u, u), bias (u,)
        u = self.units
        return u * (features + u) + (u if self.use_bias else 0)

    def formula(self, shape) -> str:
        f, u = shape[-1], self.units
        bias = f" + {u}" if self.use_bias else ""
        return (f"units x (features + units){' + units' if self.use_bias else ''} = "
                f"{u} x ({f} + {u}){bias} = {self.cell_params(f):,}")


SPEC = SimpleRNNSpec
