"""StrictModel and LayerSpec: the base classes every part of the format builds on."""

from __future__ import annotations

from typing import Annotated, ClassVar, Optional, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .shapes import Inferred, Shape


class StrictModel(BaseModel):
    """No coercion, no unknown keys, no inf/nan; validators are built on first use.

    The docstring under each field is its description in the JSON Schema: validation/json_schema.py reads
    them from the source when a schema is asked for (pydantic's `use_attribute_docstrings`
    would parse the source of every model at every start-up of `lint`).
    """

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        allow_inf_nan=False,
        hide_input_in_errors=True,
        defer_build=True,
    )

    @model_validator(mode="before")
    @classmethod
    def _whole_numbers(cls, data):
        """A whole number written with a zero fraction (`units: 32.0`) is that whole number:
        JSON Schema's integers include 32.0 (so the editor accepts it), and Keras then gets the
        int 32. Any other float (`64.5`, `.nan`) is left for strict validation to refuse."""
        if not isinstance(data, dict):
            return data
        fields = _INTEGRAL.get(cls)
        if fields is None:
            fields = _INTEGRAL[cls] = {(info.alias or name): kind for name, info in
                                       cls.model_fields.items()
                                       if (kind := integral_kind(info.annotation))}
        out = data
        for key in fields:
            value = data.get(key)
            if isinstance(value, (float, list)):
                new = whole(value)
                if new is not value:
                    out = dict(out) if out is data else out
                    out[key] = new
        return out


_INTEGRAL: dict = {}


def integral_kind(annotation) -> bool:
    """Whether a field holds whole numbers only (int, Optional[int], a list of them, or an int
    or such a list): the fields whose integral floats `whole` turns into ints."""
    origin = get_origin(annotation)
    if annotation is int:
        return True
    if origin is Annotated:
        return integral_kind(get_args(annotation)[0])
    if origin in (list, tuple):
        items = [a for a in get_args(annotation) if a is not Ellipsis]
        return bool(items) and all(integral_kind(a) for a in items)
    if origin is Union or type(annotation).__name__ == "UnionType":
        members = [a for a in get_args(annotation) if a is not type(None)]
        return bool(members) and all(integral_kind(a) for a in members)
    return False


def whole(value):
    """`value` with its integral floats (32.0, in a list too) as ints; itself when it has none."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list) and any(isinstance(v, float) and v.is_integer() for v in value):
        return [whole(v) for v in value]
    return value


LayerName = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.\-]+$")]
Reference = Annotated[str, Field(min_length=1, max_length=140, pattern=r"^[A-Za-z0-9_.\-]+$")]
"""An input's or a layer's name, optionally `.K` for the layer's K-th output (inference/references.py)."""
References = Annotated[list[Reference], Field(min_length=1, max_length=64)]
GRAPH_FIELDS = frozenset({"from_", "initial_state"})  # call arguments, not constructor ones


class LayerSpec(StrictModel):
    """A Keras layer: its type name and its constructor arguments, by their Keras names."""

    KERAS_CLASS: ClassVar[str]
    RECURRENT: ClassVar[bool] = False
    SUPPORTS_MASKING: ClassVar[bool] = False
    # Acts elementwise or on the last axis, on input of any rank: its output has the rank of
    # its input (a time axis lost before it is not its doing; inference/stack.py looks past it)
    KEEPS_RANK: ClassVar[bool] = False
    """Keras's `supports_masking`: False means the layer drops an incoming mask (with a
    warning)."""

    INPUTS: ClassVar[Optional[tuple[int, int]]] = None
    """How many inputs a multi-input layer takes (least, most); None: one tensor."""
    WRAPPER: ClassVar[bool] = False
    """Holds another layer under `layer:` (spec/layers/wrapper.py)."""
    COPIES: ClassVar[int] = 1
    """Copies of its (wrapped) layer's weights it holds: 2 for Bidirectional."""
    STATES: ClassVar[int] = 0
    """How many state tensors the cell carries (its `initial_state` length)."""
    STATE_NAMES: ClassVar[str] = ""
    """What those states are, in words ("h and c")."""
    GATES: ClassVar[int] = 0
    """Gates of a recurrent cell: its kernels are (features, GATES x units) and
    (units, GATES x units) (Keras's cells); 0 for other layers."""
    SIZE_ARGUMENT: ClassVar[str | None] = None
    """The one argument that sets the size of the output's last axis, if one does."""
    CUDNN_KERNEL: ClassVar[bool] = False
    """Keras can run the layer on the cuDNN kernel when its arguments allow it."""
    KEEPS_RANGE: ClassVar[bool] = False
    """Passes values on without leaving the range of what feeds it (spec/ranges.py)."""
    GATED_OUTPUT: ClassVar[bool] = False
    """Its output is its activation scaled by a gate in (0, 1), or mixed with the state: its
    range always includes 0 (LSTM: h = o * act(c); GRU)."""
    TOKEN_IDS: ClassVar[bool] = False
    """Reads integer token ids (Keras casts any other input to int32 without a word)."""
    MASK_FROM_INPUTS: ClassVar[str] = "first"
    """The mask a layer of several inputs passes on (Keras's compute_mask): "first" (the
    query's, attention), "all" (one only when every input has one: element-wise merges) or
    "any" (Concatenate)."""
    POSITIONAL_INPUTS: ClassVar[bool] = False
    """Called with its inputs as positional tensors, layer(query, value[, key]), not a list."""
    INPUT_ROLES: ClassVar[tuple[str, ...]] = ()
    """What each input of a multi-input layer is, in order, when they differ."""

    name: Optional[LayerName] = None
    """Layer name (Keras's `name`); by default Keras's own: the snake_case type, numbered."""
    from_: Optional[Union[Reference, References]] = Field(
        default=None, alias="from",
        description="What the layer is applied to: an input's or a layer's name (`enc.1` for a "
        "layer's second output), or a list of them for a merge or attention layer; by default "
        "the layer before (the first layer: the model's only input).")

    def __getattr__(self, name: str):
        # Checks ask `getattr(spec, "inner", None)` of every layer; pydantic's fallback (for
        # private and extra attributes, which layer specs never have) makes each miss slow.
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")

    def infer(self, shape: Shape) -> Inferred:  # pragma: no cover - every layer overrides
        raise NotImplementedError

    def formula(self, shape: Shape) -> str:
        """The parameter count written out with the numbers filled in."""
        return "no weights"

    def describe(self, shape: Shape, out: Shape) -> str:
        """What the layer does to the shape, in words."""
        return "keeps the shape"

    def consumes_mask(self) -> bool:
        """The layer uses an incoming mask and outputs none (no warning)."""
        return False

    def makes_mask(self) -> bool:
        """The layer makes a mask of its own (Masking; Embedding with mask_zero)."""
        return False

    def initialized_matrices(self, features: int) -> dict[str, tuple[int, int]]:
        """(rows, cols) of each weight matrix, by the argument that names its initializer,
        for an input of `features` features (inference/budget.py times orthogonal ones)."""
        return {}

    def keras_arguments(self) -> dict:
        """Constructor arguments for keras.layers.<KERAS_CLASS>: only what the user wrote."""
        return self.model_dump(exclude={"type", "layer", *GRAPH_FIELDS}, exclude_unset=True)

    @property
    def references(self) -> tuple:
        """The `from` references as written, as a tuple (empty when absent)."""
        value = self.from_
        return () if value is None else ((value,) if isinstance(value, str) else tuple(value))
