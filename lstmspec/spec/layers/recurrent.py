"""RecurrentSpec: the arguments and shape rule shared by LSTM, GRU and SimpleRNN
(keras/src/layers/rnn/rnn.py)."""

from __future__ import annotations

from typing import ClassVar, Optional

from ..shapes import (
    Inferred, Shape, ShapeError, check_vector_bias, count, expect_rank, fmt, known_last,
)
from ..base import LayerSpec, References
from ..vocab import Activation, InitializerName, Rate, Seed, Units


class RecurrentSpec(LayerSpec):
    RECURRENT: ClassVar[bool] = True
    SUPPORTS_MASKING: ClassVar[bool] = True
    STATES: ClassVar[int] = 1
    STATE_NAMES: ClassVar[str] = "h"
    SIZE_ARGUMENT: ClassVar[str | None] = "units"

    units: Units
    """Size of the hidden state (and, for LSTM, the cell state): the length of the vector the
    layer outputs at each timestep. Not a number of cells or of timesteps."""
    activation: Activation = "tanh"
    """Activation of the candidate state and the output. `tanh` keeps the fast cuDNN kernel."""
    use_bias: bool = True
    """Whether the layer adds bias vectors. `false` rules out the cuDNN kernel."""
    kernel_initializer: InitializerName = "glorot_uniform"
    """Initializer of the input kernel (features -> gates)."""
    recurrent_initializer: InitializerName = "orthogonal"
    """Initializer of the recurrent kernel (state -> gates)."""
    bias_initializer: InitializerName = "zeros"
    """Initializer of the bias."""
    dropout: Rate = 0.0
    """Fraction of the input units dropped during training, in [0, 1)."""
    recurrent_dropout: Rate = 0.0
    """Fraction of the recurrent state dropped during training, in [0, 1). Above 0 rules out
    the cuDNN kernel (training on GPU is then several times slower)."""
    return_sequences: bool = False
    """`true`: output the hidden state of every timestep, (batch, timesteps, units), as the
    next recurrent or Conv1D layer needs. `false`: only the last one, (batch, units)."""
    return_state: bool = False
    """Also return the final states (a list of tensors): only for the last layer of a stack."""
    go_backwards: bool = False
    """Process the sequence backwards and return the reversed sequence."""
    stateful: bool = False
    """Carry the last state of each sample in a batch over to the same sample of the next
    batch. Needs a fixed `input.batch_size`."""
    unroll: bool = False
    """Unroll the loop: faster for short sequences, more memory; rules out the cuDNN kernel."""
    seed: Seed = None
    """Seed of the dropout masks."""
    initial_state: Optional[References] = None
    """The states the layer starts from, as Keras's `initial_state` call argument: references
    to tensors of shape (batch, units), as many as the cell has states (LSTM 2: h then c; GRU
    and SimpleRNN 1), usually `[enc.1, enc.2]` of an encoder with return_state."""

    def cell_params(self, features: int) -> int:  # pragma: no cover - each cell overrides
        raise NotImplementedError

    def initialized_matrices(self, features: int) -> dict[str, tuple[int, int]]:
        width = self.GATES * self.units  # Keras's cells: one kernel column block per gate
        return {"kernel_initializer": (features, width),
                "recurrent_initializer": (self.units, width)}

    def bias_is_matrix(self) -> bool:
        """Whether the cell's bias weight has two axes (GRU with reset_after)."""
        return False

    def infer(self, shape: Shape) -> Inferred:
        batch, steps, _ = expect_rank(shape, 3)
        features = known_last(shape, self.KERAS_CLASS)
        if not self.bias_is_matrix():
            check_vector_bias(self.bias_initializer, self.use_bias)
        if self.stateful and batch is None:
            raise ShapeError(
                "LS105", "is stateful, which needs a fixed batch size, but input.batch_size is "
                "not set", field="stateful",
                fix="set input.batch_size: 32",
                advice="set input.batch_size (for example 32), or set stateful: false")
        out = (batch, steps, self.units) if self.return_sequences else (batch, self.units)
        states = ((batch, self.units),) * self.STATES if self.return_state else ()
        return Inferred(out, trainable=self.cell_params(features), extra_outputs=states)

    def consumes_mask(self) -> bool:
        return not self.return_sequences

    def describe(self, shape: Shape, out: Shape) -> str:
        steps = "every" if self.return_sequences else "only the last"
        text = (f"reads {shape[1] if shape[1] is not None else 'a variable number of'} timesteps "
                f"of {count(shape[2], 'feature')} and keeps a hidden state of "
                f"{count(self.units, 'number')} "
                f"(units={self.units}); it outputs the state at {steps} timestep "
                f"(return_sequences={str(self.return_sequences).lower()}) -> {fmt(out)}")
        if self.return_state:
            text += f", plus its {self.STATES} final state tensor(s)"
        return text
