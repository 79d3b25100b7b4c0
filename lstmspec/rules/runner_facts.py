"""What the LS4xx rules know about a config's runner sections: the data file's facts, the
sample shapes the data gives, and what the model's last layer emits. Not a rule itself.

Everything here is cheap (no TensorFlow, no NumPy): a CSV header and row count, NPZ array
headers. A data file that cannot be read yields no facts; the data_file rule reports it.
"""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass

from ..datafacts.access import UNRESTRICTED, outside, refusal
from ..datafacts.files import (
    CsvFacts,
    DataFileError,
    NpzFacts,
    csv_facts,
    npz_facts,
    resolve,
)
from ..datafacts.npz_layout import X_NAMES
from ..datafacts.parquet import ParquetError, parquet_facts
from ..spec.shapes import fmt



@dataclass(frozen=True)
class DataView:
    kind: str
    path: str  # resolved against the config's folder
    facts: object  # CsvFacts | NpzFacts | None
    error: str | None = None  # why there are no facts: "missing", "outside" or the problem


def data_view(ctx) -> DataView | None:
    """The data section with its file's facts; None without a data section."""
    data = ctx.model.data
    if data is None:
        return None
    if data.kind == "synthetic":
        return DataView("synthetic", "", None)
    path = resolve(getattr(ctx, "config_path", ""), data.path)
    access = getattr(ctx, "access", None) or UNRESTRICTED
    shards = data.kind in ("csv", "parquet") and any(c in data.path for c in "*?[")
    if shards:  # a glob: the columns of its first file; rows differ per file, not counted
        if pattern_leaves(path, access):
            return DataView(data.kind, path, None, "outside")
        matches = sorted(p for p in glob.glob(path) if refusal(p, access) is None)
        if not matches:
            return DataView(data.kind, path, None, "missing")
        view = data_view_of(data, matches[0])
        if isinstance(view.facts, CsvFacts):
            view = DataView(view.kind, path, CsvFacts(view.facts.columns, None), None)
        return view
    refused = refusal(path, access)
    if refused is not None:
        return DataView(data.kind, path, None, refused.reason if refused.reason != "special"
                        else refused.what)
    return data_view_of(data, path)


def pattern_leaves(pattern: str, access) -> bool:
    """A glob whose fixed folder is outside the roots, or that climbs out with `..` after a
    wildcard: lint does not even list such folders."""
    fixed = re.split(r"[*?[]", pattern, maxsplit=1)[0]
    folder = os.path.dirname(fixed) or os.curdir
    climbs = os.pardir in pattern[len(fixed):].replace("\\", "/").split("/")
    return climbs or outside(folder, access)


def data_view_of(data, path: str) -> DataView:
    try:
        facts = csv_facts(path, data.delimiter) if data.kind == "csv" else \
            parquet_columns(path) if data.kind == "parquet" else npz_facts(path)
    except (DataFileError, ParquetError, OSError) as err:
        return DataView(data.kind, path, None, str(err) if not isinstance(err, OSError)
                        else f"the file cannot be read: {err.strerror or err}")
    return DataView(data.kind, path, facts)


def parquet_columns(path: str) -> CsvFacts:
    """A Parquet file's columns and row count, from its footer, as the CSV rules read them."""
    facts = parquet_facts(path)
    return CsvFacts(facts.columns, facts.rows)


def csv_view(ctx) -> CsvFacts | None:
    view = data_view(ctx)
    return view.facts if view and isinstance(view.facts, CsvFacts) else None


def npz_view(ctx) -> NpzFacts | None:
    view = data_view(ctx)
    return view.facts if view and isinstance(view.facts, NpzFacts) else None


def npz_array(facts: NpzFacts, names: tuple):
    return next((facts.arrays[n] for n in names if n in facts.arrays), None)


def has_split_arrays(facts: NpzFacts) -> bool:
    return X_NAMES[1] in facts.arrays


def csv_target_shapes(ctx) -> tuple[tuple, tuple]:
    """The two layouts CSV targets can take: (horizon x targets,) for a flat output, and
    (horizon, targets) for a sequence output (an encoder-decoder, say)."""
    data = ctx.model.data
    count = len(data.targets)
    return (data.horizon * count,), (data.horizon, count)


def batch_shape(shape: tuple) -> str:
    """A sample shape written with its batch axis, the way Keras prints it."""
    return fmt((None,) + tuple(shape))
