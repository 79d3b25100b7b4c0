"""`train:`: epochs, batch size, seed, shuffling, early stopping, learning-rate reduction and the
mixed-precision and XLA switches (keras.Model.fit and its callbacks)."""

from __future__ import annotations

from typing import Literal, Optional, Union

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError
from typing_extensions import Annotated

from ..base import StrictModel
from .distribute import DISTRIBUTE_FIELD, DistributeSpec

Monitor = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^(val_)?[a-z0-9_]+$")]
Patience = Annotated[int, Field(ge=0, le=100_000)]


class EarlyStoppingSpec(StrictModel):
    """Stop when the monitored value stops improving (keras.callbacks.EarlyStopping)."""

    monitor: Monitor = "val_loss"
    """What to watch: `loss`, `val_loss`, or a metric (`val_mae`)."""
    patience: Patience = 5
    """Epochs without improvement before training stops."""
    min_delta: Annotated[float, Field(ge=0.0, le=1e6)] = 0.0
    """Smallest change that counts as an improvement."""
    mode: Literal["auto", "min", "max"] = "auto"
    """Whether lower (min) or higher (max) is better; auto guesses from the name."""
    restore_best_weights: bool = True
    """Keep the weights of the best epoch rather than of the last."""


class ReduceLRSpec(StrictModel):
    """Lower the learning rate when the monitored value stalls
    (keras.callbacks.ReduceLROnPlateau)."""

    monitor: Monitor = "val_loss"
    """What to watch: `loss`, `val_loss`, or a metric (`val_mae`)."""
    factor: Annotated[float, Field(gt=0.0, lt=1.0)] = 0.5
    """Multiply the learning rate by this on a plateau."""
    patience: Patience = 3
    """Epochs without improvement before the rate is lowered."""
    min_delta: Annotated[float, Field(ge=0.0, le=1e6)] = 1e-4
    """Smallest change that counts as an improvement."""
    cooldown: Patience = 0
    """Epochs to wait after a reduction before watching again."""
    min_lr: Annotated[float, Field(ge=0.0, le=1e6)] = 0.0
    """The learning rate is never lowered below this."""
    mode: Literal["auto", "min", "max"] = "auto"
    """Whether lower (min) or higher (max) is better; auto guesses from the name."""


class TrainSpec(StrictModel):
    """How long and how the model is fitted (keras.Model.fit)."""

    epochs: Annotated[int, Field(gt=0, le=100_000)] = 10
    """Passes over the training data."""
    batch_size: Optional[Annotated[int, Field(gt=0, le=1_000_000)]] = None
    """Samples per gradient step; by default input.batch_size, or 32."""
    seed: Annotated[int, Field(ge=0, le=2**31 - 1)] = 0
    """Seeds Python, NumPy and TensorFlow (keras.utils.set_random_seed): same seed, same
    machine, same history."""
    deterministic: bool = True
    """Make TensorFlow ops deterministic (tf.config.experimental.enable_op_determinism), so that
    the same seed gives the same history; `false` can be faster on GPU."""
    shuffle: bool = True
    """Shuffle the training samples before every epoch (the split itself stays in order)."""
    class_weight: Optional[Union[Literal["balanced"], Annotated[
        dict[Annotated[str, Field(min_length=1, max_length=256)],
             Annotated[float, Field(gt=0.0, le=1e6)]], Field(min_length=1, max_length=10_000)]]] \
        = None
    """A classifier's loss weight per class (keras.Model.fit class_weight): `balanced` (each
    class weighted by samples / (classes x its training samples), so that rare classes count
    as much as common ones) or a mapping from class (its name in the NPZ's `classes`, or its
    id as text: `"3"`) to a weight; unnamed classes weigh 1."""
    early_stopping: Optional[EarlyStoppingSpec] = None
    """Stop when `monitor` stops improving, e.g. `{patience: 10}`; off when absent."""
    reduce_lr: Optional[ReduceLRSpec] = None
    """Lower the learning rate on a plateau, e.g. `{factor: 0.5, patience: 3}`; off when
    absent."""
    mixed_precision: bool = False
    """Compute in float16 with float32 weights (keras mixed_float16 policy): faster on recent
    GPUs, slower on CPUs."""
    jit_compile: Union[bool, Literal["auto"]] = "auto"
    """Compile the training step with XLA: true, false, or auto (Keras: on for GPUs when every
    layer supports it and ops are not made deterministic)."""
    distribute: Annotated[DistributeSpec, DISTRIBUTE_FIELD]
    """Train on several devices or machines (tf.distribute): a strategy name (`mirrored`) or
    `{strategy: mirrored, devices: [GPU:0, GPU:1]}` / `{strategy: multi_worker, cluster:
    {workers: [host1:2222, host2:2222]}}`. batch_size stays the global batch, split evenly
    across the replicas. See docs/distribute.md."""

    @field_validator("jit_compile", mode="before")
    @classmethod
    def _bool_or_auto(cls, value):
        if isinstance(value, bool) or value == "auto":
            return value
        raise PydanticCustomError("bool_or_auto", "must be true, false or auto; received "
                                  "{value}", {"value": str(value)[:40]})
