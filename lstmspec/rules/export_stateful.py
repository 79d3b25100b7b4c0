"""LS450: `output.export` for a model with a fixed input.batch_size (stateful layers).

A stateful layer keeps its state in variables of input.batch_size rows and carries it from
one call to the next, so its answer to a window depends on the windows and the batch before
it. An export is checked against Keras window by window on real data, which such a model does
not answer the same way twice; and the TFLite export needs a batch-1 signature (recurrent
layers with a dynamic batch do not convert to built-in ops), which a stateful layer built for
another batch refuses (`the batch size of the input sequences must be the same as the batch
size of the initial state`, measured with Keras 3.15); with input.batch_size 1 the ONNX and
TFLite exports fail on the state variables. `lstmspec export` refuses such a run; this rule
says so before training.
"""

from __future__ import annotations

from ..diagnostics import Finding

CODE = "LS450"


def check(ctx):
    output = ctx.model.output
    if output is None or not output.export:
        return
    specs = ctx.model.input_specs
    fixed = next(iter(specs.values())).batch_size if specs else None
    if fixed is None:
        return
    stateful = [info for info in ctx.inference.layers if getattr(info.core, "stateful", False)]
    what = (f"{stateful[0].core.KERAS_CLASS} in layer {stateful[0].index} is stateful"
            if stateful else f"input.batch_size is fixed ({fixed})")
    yield Finding(CODE, f"output.export asks for {', '.join(output.export)}, but {what}: its "
                  "outputs depend on the batches before, so no export can be checked against "
                  "Keras window by window. Remove output.export, or set stateful: false and "
                  "remove input.batch_size", ("output", "export"), on_key=True)
