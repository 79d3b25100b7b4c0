"""ModelSpec: a whole config, the core (spec/core.py) plus the runner sections."""

from __future__ import annotations

from typing import Optional

from .core import ModelCore
from .sections.compile import CompileSpec
from .sections.data import DataSpec
from .sections.output import OutputSpec
from .sections.train import TrainSpec
from .sections.tune import TuneSpec


class ModelSpec(ModelCore):
    """An lstmspec config: a stack of Keras layers applied in order to one input."""

    # Runner sections: optional for lint and build; `run` needs compile and data.
    compile: Optional[CompileSpec] = None
    """How to train: optimizer, loss and metrics (keras.Model.compile)."""
    data: Optional[DataSpec] = None
    """The training data: a CSV time series, NPZ arrays, or synthetic data."""
    train: Optional[TrainSpec] = None
    """Epochs, batch size, seed, early stopping and the other keras.Model.fit settings."""
    output: Optional[OutputSpec] = None
    """The run directory and the artifacts a run writes."""
    tune: Optional[TuneSpec] = None
    """A hyperparameter search over this config's values (`lstmspec tune`)."""
