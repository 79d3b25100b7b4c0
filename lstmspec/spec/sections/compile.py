"""`compile:`: the optimizer, the loss and the metrics (keras.Model.compile), by allow-listed name."""

from __future__ import annotations

from typing import Literal, Optional, get_args

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError
from typing_extensions import Annotated

from ..base import StrictModel

# keras/src/optimizers/__init__.py ALL_OBJECTS_DICT: the usual ones, by their Keras names.
OptimizerName = Literal["adam", "adamw", "sgd", "rmsprop", "nadam", "adagrad", "adamax",
                        "adadelta", "lion"]
# Arguments that only some optimizers take (keras/src/optimizers/<name>.py __init__).
OWN_ARGUMENTS: dict[str, tuple[str, ...]] = {
    "adam": ("beta_1", "beta_2", "epsilon", "amsgrad"),
    "adamw": ("beta_1", "beta_2", "epsilon", "amsgrad"),
    "sgd": ("momentum", "nesterov"),
    "rmsprop": ("rho", "momentum", "epsilon", "centered"),
    "nadam": ("beta_1", "beta_2", "epsilon"),
    "adagrad": ("initial_accumulator_value", "epsilon"),
    "adamax": ("beta_1", "beta_2", "epsilon"),
    "adadelta": ("rho", "epsilon"),
    "lion": ("beta_1", "beta_2"),
}
SPECIFIC = sorted({a for args in OWN_ARGUMENTS.values() for a in args})
# The values Keras uses for what a config leaves unset (for the resolved config of a run).
COMMON_DEFAULTS = {"learning_rate": 0.001, "weight_decay": None, "clipnorm": None,
                   "clipvalue": None, "global_clipnorm": None}
KERAS_DEFAULTS: dict[str, dict] = {
    "adam": {"beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": False},
    "adamw": {"weight_decay": 0.004, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7,
              "amsgrad": False},
    "sgd": {"learning_rate": 0.01, "momentum": 0.0, "nesterov": False},
    "rmsprop": {"rho": 0.9, "momentum": 0.0, "epsilon": 1e-7, "centered": False},
    "nadam": {"beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7},
    "adagrad": {"initial_accumulator_value": 0.1, "epsilon": 1e-7},
    "adamax": {"beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7},
    "adadelta": {"rho": 0.95, "epsilon": 1e-7},
    "lion": {"beta_1": 0.9, "beta_2": 0.99},
}

# keras/src/losses/__init__.py ALL_OBJECTS_DICT, the names that take (y_true, y_pred) alone.
LossName = Literal[
    "mse", "mean_squared_error", "mae", "mean_absolute_error", "mape",
    "mean_absolute_percentage_error", "msle", "mean_squared_logarithmic_error", "huber",
    "log_cosh", "binary_crossentropy", "binary_focal_crossentropy", "categorical_crossentropy",
    "categorical_focal_crossentropy", "sparse_categorical_crossentropy", "hinge",
    "squared_hinge", "categorical_hinge", "kl_divergence", "poisson", "cosine_similarity",
]
# The loss families, by the targets they take (lint's rules and the runner read them here):
# class ids, one 0/1 value per unit, one probability row per sample.
SPARSE_LOSSES = ("sparse_categorical_crossentropy",)
BINARY_LOSSES = ("binary_crossentropy", "binary_focal_crossentropy")
ONE_HOT_LOSSES = ("categorical_crossentropy", "categorical_focal_crossentropy",
                  "kl_divergence", "categorical_hinge")
CROSSENTROPY = BINARY_LOSSES + SPARSE_LOSSES + ONE_HOT_LOSSES[:2]  # want probabilities
# Losses that score a value against a value (the targets are quantities, not classes).
REGRESSION_LOSSES = ("mse", "mean_squared_error", "mae", "mean_absolute_error", "mape",
                     "mean_absolute_percentage_error", "msle",
                     "mean_squared_logarithmic_error", "huber", "log_cosh", "poisson")


def class_family(loss: str) -> str | None:
    """How a classification loss's targets name a sample's class: "labels" (a class id per
    sample: sparse and binary losses) or "one_hot" (a row of K values); None for a loss
    whose targets are no classes."""
    if loss in SPARSE_LOSSES + BINARY_LOSSES:
        return "labels"
    return "one_hot" if loss in ONE_HOT_LOSSES else None
# keras/src/metrics/__init__.py ALL_OBJECTS_DICT: metrics that need no argument.
MetricName = Literal[
    "mae", "mean_absolute_error", "mse", "mean_squared_error", "root_mean_squared_error",
    "mape", "mean_absolute_percentage_error", "msle", "mean_squared_logarithmic_error",
    "log_cosh_error", "r2_score", "cosine_similarity", "accuracy", "binary_accuracy",
    "categorical_accuracy", "sparse_categorical_accuracy", "top_k_categorical_accuracy",
    "sparse_top_k_categorical_accuracy", "binary_crossentropy", "categorical_crossentropy",
    "sparse_categorical_crossentropy", "auc", "precision", "recall", "kl_divergence",
    "poisson", "hinge", "squared_hinge", "categorical_hinge",
]

PositiveFloat = Annotated[float, Field(gt=0.0, le=1e6)]
Fraction = Annotated[float, Field(ge=0.0, lt=1.0)]


class OptimizerSpec(StrictModel):
    """An optimizer with its arguments (keras.optimizers.<Name>); unset ones keep Keras's
    defaults."""

    name: OptimizerName
    """The optimizer, by its Keras name."""
    learning_rate: Optional[PositiveFloat] = None
    """Step size (Keras default: 0.001; 0.01 for sgd). Write `1.0e-3` or `0.001`."""
    weight_decay: Optional[Annotated[float, Field(ge=0.0, le=1.0)]] = None
    """Decoupled weight decay (adamw's default: 0.004; others: none)."""
    clipnorm: Optional[PositiveFloat] = None
    """Clip each gradient to this norm."""
    clipvalue: Optional[PositiveFloat] = None
    """Clip each gradient value to [-clipvalue, clipvalue]."""
    global_clipnorm: Optional[PositiveFloat] = None
    """Clip all gradients together to this global norm."""
    beta_1: Optional[Fraction] = None
    """Decay of the first-moment estimates (adam, adamw, nadam, adamax, lion)."""
    beta_2: Optional[Fraction] = None
    """Decay of the second-moment estimates (adam, adamw, nadam, adamax, lion)."""
    epsilon: Optional[Annotated[float, Field(gt=0.0, le=1.0)]] = None
    """Small constant for numerical stability."""
    amsgrad: Optional[bool] = None
    """Use the AMSGrad variant (adam, adamw)."""
    momentum: Optional[Fraction] = None
    """Momentum (sgd, rmsprop)."""
    nesterov: Optional[bool] = None
    """Nesterov momentum (sgd)."""
    rho: Optional[Fraction] = None
    """Discounting factor of the gradient history (rmsprop, adadelta)."""
    centered: Optional[bool] = None
    """Normalize by the estimated gradient variance (rmsprop)."""
    initial_accumulator_value: Optional[Annotated[float, Field(ge=0.0, le=1e6)]] = None
    """Starting value of the accumulators (adagrad)."""

    @field_validator(*SPECIFIC)
    @classmethod
    def _taken_by_this_optimizer(cls, value, info: ValidationInfo):
        name = info.data.get("name")
        if name in OWN_ARGUMENTS and info.field_name not in OWN_ARGUMENTS[name]:
            takers = [n for n, args in OWN_ARGUMENTS.items() if info.field_name in args]
            raise PydanticCustomError(
                "optimizer_argument", "{name} has no argument `{arg}` (only {takers} do): "
                "remove it or choose one of those optimizers",
                {"name": name, "arg": info.field_name, "takers": ", ".join(takers)})
        return value

    @model_validator(mode="after")
    def _one_clipping(self):
        clips = [k for k in ("clipnorm", "clipvalue", "global_clipnorm")
                 if getattr(self, k) is not None]
        if len(clips) > 1:
            raise PydanticCustomError(
                "incompatible_arguments", "Keras accepts only one of clipnorm, clipvalue and "
                "global_clipnorm; received {clips}: keep one", {"clips": ", ".join(clips)})
        return self

    def keras_arguments(self) -> dict:
        """Constructor arguments for the Keras optimizer: what the config sets."""
        return {k: v for k, v in self.model_dump(exclude={"name"}).items() if v is not None}

    def resolved(self) -> dict:
        """Every argument this optimizer takes, with Keras's default where the config has none."""
        own = {**COMMON_DEFAULTS, **KERAS_DEFAULTS[self.name]}
        return {"name": self.name, **{k: own[k] for k in own}, **self.keras_arguments()}


def _name_or_mapping_schema(schema: dict) -> None:
    """In the JSON Schema, `optimizer` is a name or a mapping (validation turns a name into
    `{name: ...}` first, so that errors point into the mapping rather than at a union)."""
    ref = {k: schema.pop(k) for k in list(schema) if k in ("$ref", "allOf")}
    schema["anyOf"] = [{"enum": list(get_args(OptimizerName))}, ref]
    schema["default"] = "adam"


class CompileSpec(StrictModel):
    """How the model is trained: keras.Model.compile(optimizer, loss, metrics)."""

    optimizer: Annotated[OptimizerSpec, Field(
        default_factory=lambda: OptimizerSpec(name="adam"),
        json_schema_extra=_name_or_mapping_schema)]
    """An optimizer name (`adam`) or a mapping with `name` and its arguments
    (`{name: adam, learning_rate: 1.0e-3, clipnorm: 1.0}`)."""
    loss: LossName
    """The loss, by its Keras name: mse, mae, huber, binary_crossentropy,
    sparse_categorical_crossentropy, ..."""
    metrics: Annotated[list[MetricName], Field(max_length=16)] = []
    """Metrics reported besides the loss, by their Keras names (mae, accuracy, ...)."""

    @field_validator("optimizer", mode="before")
    @classmethod
    def _name_or_mapping(cls, value):
        return {"name": value} if isinstance(value, str) else value

