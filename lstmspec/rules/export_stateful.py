"""LS450: `output.export` asks for onnx or tflite from a model with a stateful recurrent layer.

A stateful layer keeps its state in variables of input.batch_size rows and carries it from
one call to the next. The TFLite export needs a batch-1 signature (recurrent layers with a
dynamic batch do not convert to built-in ops), which a stateful layer built for another batch
refuses (`the batch size of the input sequences must be the same as the batch size of the
initial state`, measured with Keras 3.15); with input.batch_size 1 both the ONNX and the
TFLite export fail on the state variables; with a larger batch the ONNX export freezes the
state it had when exported. SavedModel keeps the variables. So: no onnx or tflite export of a
stateful model.
"""

from __future__ import annotations

from ..diagnostics import Finding

CODE = "LS450"
FRAGILE = ("onnx", "tflite")


def check(ctx):
    output = ctx.model.output
    if output is None or not output.export:
        return
    stateful = [info for info in ctx.inference.layers if getattr(info.core, "stateful", False)]
    if not stateful:
        return
    first = stateful[0]
    for position, fmt in enumerate(output.export):
        if fmt in FRAGILE:
            yield Finding(CODE, f"output.export asks for {fmt}, but {first.core.KERAS_CLASS} in "
                          f"layer {first.index} is stateful: its state lives in variables "
                          f"carried between calls, which the {fmt} export cannot keep. Export "
                          "savedmodel instead, or set stateful: false (each window then "
                          "carries its own history)", ("output", "export", position))
