"""initial_state: how many states each recurrent cell takes, and of what size.

Keras checks neither when it builds a functional model: an LSTM given states of the wrong size
builds and fails on its first batch, and a GRU given two states builds and runs, silently
ignoring the second (measured with Keras 3.15). Bidirectional splits the list in half:
the forward layer's states, then the backward layer's
(keras/src/layers/rnn/bidirectional.py call).
"""

from __future__ import annotations

from ..spec.shapes import InputsError, Shape, fmt


def expected(spec) -> tuple[int, str]:
    """(count, what they are) of the states a layer takes."""
    core = getattr(spec, "inner", None) or spec
    what = core.STATE_NAMES
    if core is spec:
        return core.STATES, what
    return spec.COPIES * core.STATES, f"{what} forwards, then {what} backwards"


def article(word: str) -> str:
    """"an LSTM", "an RNN", "a GRU", "a SimpleRNN": an acronym by how its letters sound."""
    acronym = word[:2].isupper()
    return "an" if word[0] in ("AEIOFHLMNRSX" if acronym else "AEIOU") else "a"


def check_states(spec, shapes: list, input_shape: Shape, offset: int) -> None:
    """Raise InputsError (positions from `offset` on) when the states do not fit the layer.
    The references are the layer's own `initial_state` list."""
    core = getattr(spec, "inner", None) or spec
    count, what = expected(spec)
    kind = core.KERAS_CLASS if core is spec else f"{spec.KERAS_CLASS} {core.KERAS_CLASS}"
    if len(shapes) != count:
        ignored = (" (Keras builds it and silently ignores the extra ones)"
                   if len(shapes) > count else "")
        fix = (f"set initial_state: [{', '.join(spec.initial_state[:count])}]"
               if len(shapes) > count else None)
        raise InputsError("LS128", f"gets {len(shapes)} initial state"
                          f"{'s' if len(shapes) != 1 else ''}, but {article(kind)} {kind} has "
                          f"{count} ({what}){ignored}", (), field="initial_state",
                          fix=fix, advice=fix or f"list {count} references in initial_state")
    for j, shape in enumerate(shapes):
        if len(shape) != 2 or shape[-1] != core.units:
            raise InputsError("LS128", f"needs each initial state as (batch, {core.units}) "
                              f"(units={core.units}), but state {j} is {fmt(shape)} (Keras "
                              "builds it and fails on the first batch)", (offset + j,),
                              want=core.units if len(shape) == 2 else None)
        if None not in (shape[0], input_shape[0]) and shape[0] != input_shape[0]:
            raise InputsError("LS128", f"gets state {j} with batch size {shape[0]} but input "
                              f"with batch size {input_shape[0]}", (offset + j,),
                              advice="give every input the same batch_size")
