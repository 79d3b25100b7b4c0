"""The one way the runner builds a model: spec -> keras.Model, then every layer's output shape
and parameter count against lint's static table; a disagreement raises CrossCheckError (LS423,
exit status 3). `run` trains what it returns; `lstmspec build` prints and saves it."""

from __future__ import annotations

from ...source.atomic import save_model
from ..errors import CrossCheckError, RunError
from ..tf import select_device
from . import crosscheck
from .model import build_model


def build_checked(model, result, fresh_names: bool = True, echo=None):
    """build_model, then the cross-check. Under a strategy, strategy.scope() has cleared the
    session (clearing inside it would drop it): pass fresh_names=False. With `echo`, Keras's
    summary is printed there before the cross-check (`lstmspec build`)."""
    keras_model = build_model(model, [info.spec for info in result.inference.layers],
                              fresh_names=fresh_names)
    if echo is not None:
        keras_model.summary(print_fn=lambda line, **_: echo(line))
    problems = crosscheck.compare(keras_model, result.inference)
    if problems:
        raise CrossCheckError("the built model disagrees with the static table (a bug in "
                              "lstmspec or a Keras change; please report it): " +
                              "; ".join(p.message() for p in problems))
    return keras_model


def build(result, device: str, output: str | None, echo) -> None:
    """`lstmspec build`: build on the device asked for, print the summary and the cross-check,
    and save the untrained model to `output` (a .keras file) when one is given."""
    select_device(device)
    keras_model = build_checked(result.model, result, echo=echo)
    echo(crosscheck.agreed(result.inference))
    if not output:
        return
    try:
        save_model(keras_model, output)
    except OSError as err:
        raise RunError(f"cannot write {output}: {err.strerror or err}") from None
    echo(f"Saved {output} (load it with keras.saving.load_model(path, safe_mode=True)).")
