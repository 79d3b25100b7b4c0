"""The request models of a run, generated from its preparation: one description gives both
the validation of a request's shape and the OpenAPI document (GET /openapi.json), so that a
client can be generated from it.

A series run's row holds the run's columns (the time column, the series id, the features,
the targets that are not features, optional), each a JSON scalar; `rows` holds at least one
window (`minItems`); `steps` goes up to what the run can forecast. Pydantic checks the shape
of a request (an object with known keys, rows of objects of scalars, `steps` an integer);
what a value says (a number, a time, enough rows) is checked by the same preparation that
reads a CSV file for `lstmspec predict`, so that a request gets the line the CLI prints for
the same data. The schema states each constraint, and each is enforced, by one of the two.
An NPZ run's row is one sample, `{"x": nested lists of the input shape}` (and `y`)."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Optional

from pydantic import (BaseModel, ConfigDict, Field, PlainValidator, StrictBool, StrictInt,
                      WithJsonSchema, create_model)
from pydantic_core import PydanticCustomError

from ..runner.data.preparation import Preparation

MAX_STEPS = 100_000  # forecast --steps' own limit


def scalar(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float)):  # bool is an int
        return value
    raise PydanticCustomError("scalar_type", "a cell is a number, a string or null, not "
                              "{kind}", {"kind": type(value).__name__})


def cell(schema: dict):
    """A column's value: any JSON scalar passes here (the preparation reads it as a CSV cell
    and says what is wrong with it); the schema states what the column holds."""
    return Annotated[Any, PlainValidator(scalar), WithJsonSchema(schema)]


MISSING = "null (or no key) is a missing value, as an empty CSV cell"
NUMBER = {"type": ["number", "null"]}
TEXT = {"type": ["string", "integer"]}


class Row(BaseModel):
    """One row in the run's data layout. Other keys are allowed and ignored, as a CSV's other
    columns are."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, cell({})]
    columns: ClassVar[dict] = {}  # field -> the column it stands for (set by row_model)

    def cells(self) -> dict:
        """The row as column -> value (the keys it was given)."""
        names = type(self).columns
        given = self.__dict__
        return {names[f]: given[f] for f in self.model_fields_set if f in names}


def series_columns(prep: Preparation) -> list:
    """(column, schema, required) of a series run's row."""
    out = []
    if prep.time is not None:
        written = f" (format {prep.time_format})" if prep.time_format else ""
        out.append((prep.time, {**TEXT, "description": "the time, written as in the training "
                                f"data{written}"}, True))
    if prep.series_column:
        out.append((prep.series_column, {**TEXT, "description": "the series id: windows never "
                                         "cross two series"}, True))
    for name in prep.columns:
        if name in prep.features:
            role = "a feature" + (" and a target" if name in prep.targets else "")
        else:
            role = "a target, optional (its actual values are written beside the predictions)"
        out.append((name, {**NUMBER, "description": f"{role}; {MISSING}"},
                    name in prep.features))
    return out


def series_row(prep: Preparation) -> type:
    return row_model("Row", series_columns(prep), Row.__doc__)


def row_model(name: str, columns: list, doc: str) -> type:
    """A row model of (column, schema, required) triples; the columns are aliases (any
    text can name a column)."""
    fields = {f"c{i}": (cell(schema), Field(None, alias=column))
              for i, (column, schema, _) in enumerate(columns)}
    model = create_model(name, __base__=Row, __doc__=doc, **fields)
    model.columns = {field: column for field, (_, (column, _, _)) in
                     zip(fields, enumerate(columns))}  # field -> the column it stands for
    # `required` for keys pydantic lets through when absent: the preparation refuses a
    # missing column with the CLI's line (`no column 'x'`)
    model.model_config["json_schema_extra"] = {
        "required": [column for column, _, needed in columns if needed]}
    model.model_rebuild(force=True)
    return model


def nested(shape: tuple, item: dict) -> dict:
    """The JSON schema of nested lists of `shape`."""
    for size in reversed(shape):
        item = {"type": "array", "items": item, "minItems": size, "maxItems": size}
    return item


def sample_row(prep: Preparation) -> type:
    number = {"type": "integer"} if prep.input_dtype.startswith("int") else {"type": "number"}
    x = Annotated[list, WithJsonSchema({**nested(tuple(prep.input_shape), number),
                                        "description": "one sample, of the model's input "
                                        "shape"})]
    y = Annotated[Any, WithJsonSchema({"description": "optional: its target, written beside "
                                       "the prediction"})]
    model = create_model("Row", __base__=Row, x=(x, Field(None)), y=(y, Field(None)))
    model.columns = {"x": "x", "y": "y"}
    model.model_config["json_schema_extra"] = {"required": ["x"]}
    model.model_rebuild(force=True)
    return model


def covariates(prep: Preparation) -> list:
    """The features that are not targets: a forecast past the horizon needs their future."""
    return [f for f in prep.features if f not in prep.targets]


def future_row(prep: Preparation) -> type:
    """A row of `future`: the time, the series id and the covariates."""
    columns = [c for c in series_columns(prep) if c[0] not in prep.targets]
    return row_model("FutureRow", columns, "One future row: the known values of the "
                     "features that are not targets, at a time after the end of the data.")


def request_models(prep: Preparation) -> tuple[type, type]:
    """(the /predict request, the /forecast request) of this run."""
    row = series_row(prep) if prep.series else sample_row(prep)
    def rows_of(least: int) -> tuple:  # predict reads a window and, when an input reads
        # them, the rows it forecasts (prep.span); forecast one window (newdata.read_series)
        about = ("the data, in the run's layout (several series: the id column tells them "
                 f"apart), at least {least} rows of each series") if prep.series \
            else "the samples"
        return list[row], Field(json_schema_extra={"minItems": least if prep.series else 1},
                                description=about)
    interval = (Optional[float], Field(None, gt=0, lt=1, description="a level (0.9: 90%): "
                                       "<target>_lower and <target>_upper columns, a conformal "
                                       "interval from the run's validation errors"))
    extra = {"probabilities": (Optional[StrictBool], Field(None, description="a classifier: "
                                                          "also each class's probability"))} \
        if prep.classifier and not prep.series else {"interval": interval} if prep.series \
        else {}
    predict = create_model("PredictRequest", __base__=Strict,
                           rows=rows_of(prep.warmup + prep.span), **extra)
    blocked = covariates(prep)
    beyond = f"; past {prep.horizon}, the `future` rows of {', '.join(blocked)}" if blocked \
        else ""
    steps = (StrictInt, Field(ge=1, le=MAX_STEPS,
                              description="how many steps after the end of each series" +
                              beyond))
    known = {"future": (Optional[list[future_row(prep)]], Field(None, description=(
        f"the known future values of {', '.join(blocked)} (one row per step and series, "
        "from the step after the data)")))} if blocked and prep.series else {}
    forecast = create_model("ForecastRequest", __base__=Strict,
                            rows=rows_of(prep.warmup + prep.window), steps=steps,
                            **({"interval": interval} if prep.series else {}), **known)
    return predict, forecast


class Strict(BaseModel):
    """A request: its keys are these, and no other (no request names a file)."""

    model_config = ConfigDict(extra="forbid")
