"""Every diagnostic code: its name, severity and one-line summary. Codes are stable.

Prefixes: LS0 reading the file, LS1 what Keras cannot build, LS2 advice (warnings),
LS3 the schema, LS4 the runner sections, LS5 the resource budget, LS6 runner commands.

This table is the one declaration of a code. Everything else is generated from it or tested
against it (tests/test_codes.py): the titles and the table of docs/rules.md, the SARIF rules,
`lstmspec rule`, the severity lint stamps on a finding, the table in docs/core.md, and every
"LSnnn" written in the package (a Finding, a ShapeError, a rule module's CODE/CODES). To add
a code: one row here (in code order), lstmspec/ruledocs/LSnnn.md, a row in docs/core.md's
table, then `lstmspec rule --all --format markdown > docs/rules.md` (docs/core.md, "Adding a
code").
"""

from __future__ import annotations

from typing import NamedTuple

from .diagnostics import Severity

E, W = Severity.ERROR, Severity.WARNING


class Code(NamedTuple):  # a NamedTuple, not a dataclass: cheaper to define at every start-up
    code: str
    name: str
    severity: Severity
    summary: str


_TABLE = [
    ("LS001", "yaml-syntax", E, "The file is not valid YAML."),
    ("LS002", "duplicate-key", E, "A mapping has the same key twice."),
    ("LS003", "yaml-tag", E, "An explicit YAML tag (`!!python/...`, `!!str`) is used."),
    ("LS004", "yaml-alias", E, "An alias is undefined, recursive, or expands past the limit."),
    ("LS005", "nesting-depth", E, "The document nests deeper than the limit."),
    ("LS006", "size-limit", E, "The file, a value or a number is larger than the limit."),
    ("LS007", "encoding", E, "The file is not UTF-8."),
    ("LS008", "not-a-config", E, "The file is empty, has several documents, or is no mapping."),
    ("LS009", "non-string-key", E, "A mapping key is not a plain string."),
    ("LS010", "control-character", E, "A control or bidirectional-override character in the "
     "file or in a quoted value."),
    ("LS011", "too-many-problems", W, "More problems than lint reports for one file: the rest "
     "are not shown."),
    ("LS012", "data-outside-project", W, "Lint did not read the data file: it is outside the "
     "project (settings folder, git work tree, `data-roots`)."),
    ("LS013", "yaml-merge-key", E, "A YAML 1.1 merge key (`<<: *defaults`), which lstmspec "
     "does not expand."),
    ("LS101", "input-rank", E, "A layer receives an input of the wrong rank."),
    ("LS102", "needs-sequence", E, "A layer needs 3D (batch, timesteps, features) input but "
     "receives 2D."),
    ("LS103", "unknown-dimension", E, "A layer needs an axis to be known but it is None."),
    ("LS104", "empty-output", E, "A convolution or pooling window does not fit the sequence."),
    ("LS105", "incompatible-arguments", E, "Arguments that Keras refuses together."),
    ("LS106", "reshape-size", E, "Reshape's target_shape does not hold the input's values."),
    ("LS107", "duplicate-name", E, "Two layers have the same name."),
    ("LS108", "state-outputs", E, "A layer with return_state feeds another layer."),
    # graphs (inputs/from/initial_state/outputs): LS120-LS149
    ("LS120", "unknown-reference", E, "A reference names no input and no layer."),
    ("LS121", "output-index", E, "A reference `name.K` asks for an output the layer does not "
     "have."),
    ("LS122", "reference-cycle", E, "References form a cycle."),
    ("LS123", "reference-order", E, "A layer reads a layer defined after it."),
    ("LS124", "unread-input", E, "An input that no layer of the model reads."),
    ("LS126", "merge-shapes", E, "A merge layer's inputs do not fit together."),
    ("LS127", "input-count", E, "A layer is given the wrong number of inputs."),
    ("LS128", "initial-state", E, "Initial states of the wrong number or size for the cell."),
    ("LS129", "attention-inputs", E, "Attention inputs whose shapes do not fit together."),
    ("LS130", "first-layer-input", E, "The first layer of a model with several inputs does "
     "not say which it reads."),
    ("LS131", "named-input-data", E, "The data of a model with several inputs lacks an "
     "input's array, or its shape differs."),
    ("LS132", "several-outputs-run", E, "The data of a model with several outputs lacks a "
     "target array per output (NPZ y_<reference>), or its shape differs."),
    ("LS201", "mask-dropped", W, "A layer destroys the mask made by Masking or mask_zero."),
    ("LS202", "cudnn-ineligible", W, "A recurrent layer's arguments rule out cuDNN on GPU."),
    ("LS203", "embedding-float-input", W, "An Embedding is fed a float input."),
    ("LS204", "softmax-one-unit", W, "The last layer applies softmax over one unit."),
    ("LS205", "stateful-shuffle", W, "A stateful recurrent layer trained with train.shuffle "
     "true: the state carried between batches belongs to other samples."),
    ("LS206", "stateful-samples-dropped", W, "A part's samples do not divide input.batch_size: "
     "a stateful run drops the last ones."),
    ("LS210", "dangling-layer", W, "A layer whose output reaches no model output: Keras "
     "leaves it out of the model."),
    ("LS290", "unused-suppression", W, "A `# lstmspec: disable=` comment suppresses nothing."),
    ("LS291", "unknown-directive", W, "A comment meant for lstmspec that is no directive it "
     "reads (`# lstmspec: disabel=LS202`)."),
    ("LS292", "foreign-suppression", W, "Another tool's `# noqa: LS202`, which lstmspec does "
     "not read."),
    ("LS301", "unknown-key", E, "A key that the layer or section does not have."),
    ("LS302", "unknown-layer-type", E, "A layer type that the format does not have."),
    ("LS303", "wrong-type", E, "A value of the wrong type (text for a number, yes for true)."),
    ("LS304", "invalid-value", E, "A value out of range or not among the allowed names."),
    ("LS305", "missing-key", E, "A required key is missing."),
    ("LS306", "unsupported-version", E, "`version` is not 1."),
    ("LS307", "invalid-wrapped-layer", E, "A wrapper holds a layer type it cannot wrap."),
    ("LS310", "input-and-inputs", E, "The config has both `input:` and `inputs:`."),
    ("LS311", "graph-key-on-wrapped-layer", E, "`from` or `initial_state` on a wrapped layer "
     "instead of its wrapper."),
    ("LS401", "runner-section-missing", E, "`lstmspec run` on a config without the `compile:` "
     "or `data:` section that training needs."),
    ("LS402", "data-file-missing", E, "The data file named by data.path does not exist."),
    ("LS403", "data-column-missing", E, "A column named in data.features, data.targets or "
     "data.time is not in the CSV header."),
    ("LS404", "window-mismatch", E, "The data's window (timesteps per sample) differs from "
     "input.shape[0]."),
    ("LS405", "feature-mismatch", E, "The data's features (or sample rank) differ from "
     "input.shape."),
    ("LS406", "target-shape", E, "The model's output shape differs from the targets' (often: "
     "return_sequences left true)."),
    ("LS407", "loss-output", E, "The loss does not fit the last layer (softmax over one unit, "
     "binary cross-entropy on a softmax...)."),
    ("LS408", "embedding-data", E, "An Embedding is fed data that is not integer token ids."),
    ("LS409", "class-count", E, "The class labels in the data do not fit the last layer's "
     "units."),
    ("LS410", "batch-size-mismatch", E, "train.batch_size differs from input.batch_size."),
    ("LS411", "data-file-unreadable", E, "The data file cannot be used (not CSV/NPZ, object "
     "arrays, missing arrays, too large)."),
    ("LS412", "loss-not-probability", W, "A cross-entropy loss on outputs that are not "
     "probabilities."),
    ("LS413", "data-too-short", E, "The CSV has too few rows for one sample, or for a part of "
     "the split."),
    ("LS414", "unknown-monitor", E, "Early stopping or learning-rate reduction watches a value "
     "that training does not log."),
    ("LS415", "metric-output", E, "A metric that cannot work with the last layer's output."),
    ("LS416", "npz-split-unused", E, "data.split written for an NPZ file that gives x_val: "
     "the split would cut nothing."),
    ("LS417", "import-refused", E, "`lstmspec import`: the file is not a Keras model that "
     "lstmspec can read, or it uses what a config cannot express."),
    ("LS418", "run-stopped", E, "`lstmspec run` (or `build --output`) stopped: the data as "
     "the run reads it, the run directory or an output file cannot be used."),
    ("LS419", "tensorflow-missing", E, "`build`, `run` or a command that uses a trained run "
     "(predict, forecast, evaluate, export) needs TensorFlow, which is not installed."),
    ("LS420", "batch-split", E, "The global batch size does not divide evenly across the "
     "replicas of train.distribute."),
    ("LS421", "cluster-missing", W, "strategy multi_worker without a `cluster`: TF_CONFIG must "
     "be set on every worker at run time."),
    ("LS422", "stateful-distributed", E, "A stateful recurrent layer under a tf.distribute "
     "strategy with more than one replica."),
    ("LS423", "crosscheck-disagrees", E, "`lstmspec build` or `run`: the built Keras model "
     "disagrees with lint's static table, a bug in lstmspec or a Keras change (exit status 3)."),
    # what a model can learn from its data: LS430-LS449
    ("LS430", "head-cannot-reach-targets", E, "The last layer can never output the targets "
     "(a sigmoid, softmax, tanh or relu head on targets outside its range)."),
    ("LS431", "class-ids-regression-loss", E, "Integer class ids, one per sample, for a head "
     "of one unit per class, trained with a regression loss."),
    ("LS432", "class-missing-from-training", E, "A class that the validation or test part has "
     "and the training part lacks (samples stored sorted by class)."),
    ("LS433", "constant-feature", W, "A feature that is constant over the training rows: the "
     "model can learn nothing from it."),
    ("LS434", "split-shuffle-unusable", E, "data.split.shuffle or stratify where it cannot "
     "work (a series, a loss without classes, targets without one class per sample)."),
    ("LS435", "class-names", E, "The NPZ's `classes` array does not name the model's classes "
     "(not text, another count, a name twice)."),
    ("LS436", "class-weight", E, "train.class_weight that cannot apply (no classes, a class "
     "the data does not have)."),
    ("LS450", "export-stateful", E, "output.export for a model with a fixed input.batch_size "
     "(stateful layers), which no export can be checked against."),
    ("LS460", "calendar-needs-time", E, "data.calendar is set but data.time is not."),
    ("LS461", "time-key-without-time", E, "data.frequency or data.time_format is set but "
     "data.time is not."),
    ("LS462", "gaps-unseen", W, "A gap policy without a time column: rows missing from the "
     "file cannot be found."),
    ("LS463", "needs-series", E, "split_by or normalize_scope `series` without data.series."),
    ("LS464", "series-scope-split", E, "Per-series statistics with whole series held out "
     "(split_by: series)."),
    ("LS465", "series-too-short", W, "Some series are shorter than one sample and give none."),
    ("LS466", "time-repeats", E, "A time repeats inside one series (the CSV's time column)."),
    ("LS467", "column-not-numeric", E, "A Parquet feature or target column does not hold "
     "numbers (from its schema)."),
    ("LS468", "stream-unsupported", E, "data.stream with a setting it cannot honour "
     "(per-series statistics, a fixed input.batch_size, several inputs)."),
    ("LS470", "time-axis-differs", E, "predict, forecast or evaluate (and serve's rows): the "
     "data's time column steps at another frequency, or is written in another form (dates or "
     "numbers, with or without a UTC offset), than the run's training data."),
    ("LS480", "unknown-path", E, "A path in tune.space or --set names no value of the config."),
    ("LS481", "tune-bound-refused", E, "A bound or choice of tune.space is refused by the "
     "schema where it lands."),
    ("LS482", "tune-objective", E, "tune.objective.metric is a value that training does not "
     "log."),
    ("LS483", "tune-invalid-combination", W, "Values of tune.space that give a config Keras "
     "cannot build or that breaks the budget."),
    ("LS484", "tune-condition", E, "A `when` of tune.space refers to no earlier value of the "
     "space, or to a value it cannot take."),
    ("LS485", "tune-space-all-invalid", E, "No corner of tune.space gives a config that lints "
     "clean."),
    ("LS486", "tune-section-missing", E, "`lstmspec tune` on a config without a `tune:` "
     "section (reported by `tune`, not `lint`)."),
    ("LS490", "future-input-reads-target", E, "An input of the rows forecast (data.inputs "
     "rows: future) reads a target: the model would see the values it forecasts."),
    ("LS501", "too-many-params", E, "The model has more parameters than the budget allows."),
    ("LS502", "too-much-memory", E, "Training would need more memory than the budget allows."),
    ("LS503", "slow-to-build", W, "A layer's weights take long to initialise (orthogonal on "
     "large units)."),
    ("LS620", "serve-request-invalid", E, "`lstmspec serve`: a request off the service's "
     "format (not JSON, an unknown key, a value of the wrong type): 422."),
    ("LS621", "serve-unauthorized", E, "`lstmspec serve --token-file`: a request without "
     "the bearer token, or with another one: 401."),
    ("LS622", "serve-body-too-large", E, "`lstmspec serve`: a request body larger than "
     "--max-body: 413."),
    ("LS623", "serve-run-changed", E, "`lstmspec serve`: a file of the run directory changed "
     "under the running service, which answers nothing more (503) until started again."),
    ("LS624", "serve-cannot-start", E, "`lstmspec serve` cannot start: the serve extra is "
     "missing, the token file is unusable, or the address is taken."),
    ("LS625", "serve-no-endpoint", E, "`lstmspec serve`: a path or method the service does "
     "not answer: 404 or 405."),
    ("LS630", "new-data-unusable", E, "predict, forecast, evaluate or export: the data file "
     "does not fit the run (layout, columns, too few rows, a missing or non-numeric value)."),
    ("LS631", "run-dir-unusable", E, "predict, forecast, evaluate or export: the run "
     "directory is missing, incomplete, or from before runs stored preparation.json."),
    ("LS632", "use-request-refused", E, "predict, forecast or evaluate: what was asked cannot "
     "be made from this run (the -o file, a forecast the model cannot make)."),
    ("LS633", "export-refused", E, "`lstmspec export`: the model cannot be exported to the "
     "format (or its runtime is missing)."),
    ("LS634", "export-differs", E, "`lstmspec export`: the export's outputs differ from "
     "Keras's beyond --tolerance (exit status 3)."),
    ("LS635", "run-file-changed", E, "predict, forecast, evaluate or export: a file of the run "
     "directory differs from the SHA-256 recorded when it was written (refused, never used)."),
    ("LS636", "preparation-invalid", E, "predict, forecast, evaluate or export: preparation.json "
     "does not match its format (a key missing, of the wrong type or out of range)."),
    ("LS637", "run-dir-busy", E, "predict, forecast, evaluate or export: another lstmspec "
     "process is writing the run directory."),
    ("LS650", "baseline-not-beaten", E, "`--require-beats`: the model does not beat the "
     "baseline on every target and series (exit status 8; the run is kept)."),
    ("LS651", "baseline-unavailable", E, "`--require-beats`: the baseline cannot be computed "
     "for this run (not a series, or a seasonal naive forecast without a season)."),
    ("LS652", "interval-unavailable", E, "`predict`/`forecast --interval`: the run keeps no "
     "validation errors to make an interval from (or is not a series)."),
    ("LS653", "backtest-refused", E, "`lstmspec backtest`: the config or its data cannot be "
     "backtested as asked (not one CSV series, too few rows before the first origin)."),
    ("LS660", "future-input-unknown", E, "`lstmspec forecast`: the model has an input of the "
     "rows it forecasts (data.inputs rows: future) whose values --future does not give, or "
     "that reads a target."),
    ("LS680", "tune-extra-missing", E, "`lstmspec tune` needs optuna and optuna-integration, "
     "which are not installed."),
    ("LS681", "tune-study-unusable", E, "`lstmspec tune`: the study cannot be opened or go on "
     "(its storage, its directory)."),
    ("LS682", "tune-no-trial", E, "`lstmspec tune` finished without a completed trial."),
    ("LS683", "tune-study-busy", E, "`lstmspec tune`: another worker works on the study "
     "directory's default SQLite study, which is for one worker at a time (exit status 4)."),
    ("LS699", "internal-error", E, "Any command: an exception lstmspec did not expect; this "
     "is a bug, please report it (exit status 70)."),
]

CODES: dict[str, Code] = {row[0]: Code(*row) for row in _TABLE}


def severity_of(code: str) -> Severity:
    return CODES[code].severity
