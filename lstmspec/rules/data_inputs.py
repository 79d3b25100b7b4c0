"""LS404, LS405: the samples the data gives do not fit `input.shape`.

LS404: the window (timesteps per sample) differs from input.shape[0]. LS405: the number of
features (or the rank) differs from the rest of input.shape. For CSV data the window is
`data.window` (input.shape[0] by default) and the features are the `data.features` columns;
for NPZ data they are read from the header of x (or x_train).
"""

from __future__ import annotations

from ..diagnostics import Finding
from ..datafacts.npz_layout import X_NAMES
from .runner_facts import batch_shape, npz_array, npz_view

CODE = "LS404"
CODES = ("LS404", "LS405")


def check(ctx):
    data = ctx.model.data
    if data is None or data.kind == "synthetic":
        return
    if data.kind in ("csv", "parquet"):
        yield from check_csv(ctx, data)
    else:
        yield from check_npz(ctx)


def shape_text(shape) -> str:
    return "[" + ", ".join("null" if d is None else str(d) for d in shape) + "]"


def check_csv(ctx, data):
    shape = list(ctx.model.input.shape)
    width = data.input_width
    if len(shape) != 2:
        window = data.window or (shape[0] if shape and len(shape) > 2 else None)
        fix = f"set input.shape: {shape_text([window, width])}" if window else None
        yield Finding("LS405", f"CSV data gives windows of shape (window, features) but "
                      f"input.shape is {shape}: write input.shape as [window, "
                      f"{width}]", ("input", "shape"), fix=fix)
        return
    steps, features = shape
    if data.window is None and steps == width and features not in (None, width):
        yield Finding("LS405", f"input.shape is {shape_text(shape)}, but CSV windows are "
                      f"(window, features) and data.features gives {width} value(s) per "
                      f"step: the axes are swapped; write input.shape as "
                      f"{shape_text([features, steps])}", ("input", "shape"),
                      fix=f"set input.shape: {shape_text([features, steps])}")
        return
    if data.window is not None and steps is not None and data.window != steps:
        yield Finding("LS404", f"data.window is {data.window} but input.shape[0] is {steps}: "
                      "each sample is one window, so they must agree; remove data.window or "
                      "make them equal", ("data", "window"), fix="remove it")
    elif data.window is None and steps is None:
        yield Finding("LS404", "input.shape[0] is null (any length), so the CSV windows need a "
                      "length: set data.window (for example 30)", ("data",))
    if features is not None and features != width:
        calendar = f" and data.calendar adds {width - len(data.features)} (a sine " \
            "and a cosine each)" if data.calendar else ""
        yield Finding("LS405", f"data.features lists {len(data.features)} column(s){calendar} "
                      f"but input.shape[-1] is {features}: the model reads one value per feature "
                      f"at each step; make them agree (input.shape[-1]: {width})",
                      ("data", "features"), fix=f"set input.shape: {shape_text([steps, width])}")


def check_npz(ctx):
    facts = npz_view(ctx)
    x = npz_array(facts, X_NAMES) if facts else None
    if x is None or not x.numeric:
        return
    want = tuple(ctx.model.input.shape)
    got = tuple(x.shape[1:])
    # the data's shape, keeping the unknown lengths that the config wrote
    fitted = [w if w is None and len(want) == len(got) else g for w, g in zip(want, got)] \
        if len(want) == len(got) else list(got)
    fix = f"set input.shape: {shape_text(fitted)}"
    if len(got) != len(want):
        batch = len(want) == len(got) + 1 and all(w in (None, g) for w, g in zip(want[1:], got))
        why = (f": input.shape holds a batch axis ({want[0]}) first, which it never writes "
               "(the batch size is train.batch_size)") if batch else ""
        yield Finding("LS405", f"array {x.name} holds samples of shape {batch_shape(got)} but "
                      f"input.shape is {list(want)} {batch_shape(want)}{why}: make input.shape "
                      f"{list(got)}", ("input", "shape"), fix=fix)
        return
    if len(want) == 2 and want == got[::-1] and want != got:
        yield Finding("LS404", f"array {x.name} holds samples of shape {batch_shape(got)} "
                      f"(timesteps, features) but input.shape is {list(want)}: the axes are "
                      f"swapped; write input.shape as {list(got)}", ("input", "shape"), fix=fix)
        return
    for axis, (w, g) in enumerate(zip(want, got)):
        if w is not None and w != g:
            code = "LS404" if axis == 0 and len(want) > 1 else "LS405"
            what = "timesteps" if code == "LS404" else f"axis {axis + 1}"
            yield Finding(code, f"array {x.name} holds samples of shape {batch_shape(got)} but "
                          f"input.shape is {list(want)}: the {what} differ ({g} in the data, "
                          f"{w} in input.shape); make input.shape[{axis}] {g}",
                          ("input", "shape", axis), fix=fix)
            return
