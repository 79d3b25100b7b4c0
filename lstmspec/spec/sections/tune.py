"""`tune:`: a search space over config values by path, the objective, the budget, pruning and
the sampler, for `lstmspec tune` (Optuna). lint checks the space (rules/tune_space.py)."""

from __future__ import annotations

from typing import Literal, Optional, Union

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError
from typing_extensions import Annotated

from ..base import StrictModel

# Numbers in a space are bounded like every number of the format (tests/test_hostile_values.py):
# wide enough for any config value, narrow enough that a 300-digit literal is refused.
Int = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
Real = Annotated[float, Field(ge=-1e15, le=1e15)]
Choice = Union[None, bool, Int, Real, Annotated[str, Field(max_length=256)]]
PathKey = Annotated[str, Field(min_length=1, max_length=256, pattern=r"^[A-Za-z0-9_.\-]+$")]
When = Annotated[dict[PathKey, Union[Choice, Annotated[list[Choice], Field(min_length=1)]]],
                 Field(min_length=1, max_length=8)]


class Conditional(StrictModel):
    when: Optional[When] = None
    """Sample this value only when other values of the space have these values, e.g.
    `{layers.rnn.type: LSTM}` (a list: any of them); otherwise the config's own value stays."""


def _ordered(low, high, log, step=None):
    if low > high:
        raise PydanticCustomError("low_above_high", "low ({low}) is above high ({high}): swap "
                                  "them", {"low": low, "high": high})
    if log and low <= 0:
        raise PydanticCustomError("log_not_positive", "a log scale needs low > 0; received "
                                  "low={low}", {"low": low})
    if log and step not in (None, 1):
        raise PydanticCustomError("log_with_step", "a log scale takes no step (Optuna refuses "
                                  "both): remove step or log", {})


class IntParam(Conditional):
    """An integer from low to high, both included (Optuna suggest_int)."""

    type: Literal["int"]
    """`int`: a whole number."""
    low: Int
    """Smallest value."""
    high: Int
    """Largest value."""
    step: Annotated[int, Field(ge=1, le=2**31 - 1)] = 1
    """Spacing of the values (not with log)."""
    log: bool = False
    """Sample on a log scale (units 8..512 spends as long on 8-64 as on 64-512)."""

    @model_validator(mode="after")
    def _check(self):
        _ordered(self.low, self.high, self.log, self.step)
        return self


class FloatParam(Conditional):
    """A real number from low to high (Optuna suggest_float)."""

    type: Literal["float"]
    """`float`: a real number."""
    low: Real
    """Smallest value."""
    high: Real
    """Largest value."""
    log: bool = False
    """Sample on a log scale (learning rates: 1.0e-4 to 1.0e-2)."""
    step: Optional[Annotated[float, Field(gt=0, le=1e15)]] = None
    """Spacing of the values, if any (not with log)."""

    @model_validator(mode="after")
    def _check(self):
        _ordered(self.low, self.high, self.log, self.step)
        return self


class CategoricalParam(Conditional):
    """One of a list of values (Optuna suggest_categorical): a layer `type`, an activation,
    true/false."""

    type: Literal["categorical"]
    """`categorical`: one of `choices`."""
    choices: Annotated[list[Choice], Field(min_length=1, max_length=256)]
    """The values to choose from: numbers, text, true/false or null."""


Param = Annotated[Union[IntParam, FloatParam, CategoricalParam], Field(discriminator="type")]


class ObjectiveSpec(StrictModel):
    """What a trial scores: a value that training logs, best epoch of the trial."""

    metric: Annotated[str, Field(min_length=1, max_length=64,
                                 pattern=r"^(val_)?[a-z0-9_]+$")] = "val_loss"
    """`loss`, `val_loss`, or a metric of compile.metrics (`val_mae`)."""
    direction: Literal["minimize", "maximize"] = "minimize"
    """Whether lower or higher is better."""


class TuneBudgetSpec(StrictModel):
    """When the search stops, and how large a model may be."""

    trials: Annotated[int, Field(ge=1, le=100_000)] = 20
    """Finished trials (complete or pruned) in the study, over all workers."""
    timeout: Optional[Annotated[float, Field(gt=0, le=10**7)]] = None
    """Seconds a worker may search before it starts no new trial."""
    max_params: Optional[Annotated[int, Field(ge=1, le=10**12)]] = None
    """Largest parameter count of a sampled model: a larger one is pruned before training."""


class PruningSpec(StrictModel):
    """Stopping unpromising trials early (optuna_integration.KerasPruningCallback)."""

    kind: Literal["none", "median", "successive_halving"] = "median"
    """`median` (Optuna MedianPruner), `successive_halving`, or `none`."""
    startup_trials: Annotated[int, Field(ge=0, le=10_000)] = 5
    """median: trials that run to the end before pruning starts."""
    warmup_epochs: Annotated[int, Field(ge=0, le=100_000)] = 0
    """median: epochs of each trial before it may be pruned."""


class SamplerSpec(StrictModel):
    """How values are proposed."""

    kind: Literal["tpe", "random"] = "tpe"
    """`tpe` (Optuna TPESampler) or `random`."""
    seed: Annotated[int, Field(ge=0, le=2**31 - 1)] = 0
    """Seed of the sampler: a resumed study is re-seeded from it and its trial count, so that
    it does not propose its first trials again."""


class TuneSpec(StrictModel):
    """A hyperparameter search over this config (`lstmspec tune FILE`)."""

    space: Annotated[dict[PathKey, Param], Field(min_length=1, max_length=64)]
    """Values to search, by path (layers by name): `layers.lstm.units: {type: int, low: 16,
    high: 128}`."""
    objective: Annotated[ObjectiveSpec, Field(default_factory=ObjectiveSpec)]
    """The logged value to optimise, and its direction."""
    budget: Annotated[TuneBudgetSpec, Field(default_factory=TuneBudgetSpec)]
    """Number of trials, time, parameters per model."""
    pruning: Annotated[PruningSpec, Field(default_factory=PruningSpec)]
    """Stopping unpromising trials early."""
    sampler: Annotated[SamplerSpec, Field(default_factory=SamplerSpec)]
    """The sampler and its seed."""
    dir: Optional[Annotated[str, Field(min_length=1, max_length=4096,
                                       pattern=r"^[^\x00]*$")]] = None
    """The study directory, relative to this config; by default runs/<name>-tune in the
    current directory. The same command resumes the study there."""
    storage: Optional[Annotated[str, Field(min_length=1, max_length=4096,
                                           pattern=r"^[^\x00]*$")]] = None
    """Where trials are stored: by default SQLite in the study directory; a `.log` /
    `.journal` file (Optuna's journal, for several workers on one file system) or a database
    URL (`postgresql://...`) to share the study between workers."""
    study: Optional[Annotated[str, Field(min_length=1, max_length=128,
                                         pattern=r"^[A-Za-z0-9_.\-]+$")]] = None
    """The study's name in the storage; by default the config's name."""
