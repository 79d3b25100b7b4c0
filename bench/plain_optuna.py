"""A hand-written Optuna + Keras search, the baseline of bench_tune.py: the same space, data
split, epochs, batch size, sampler and seed as the lstmspec config, written as users write it
(suggest_*, build, fit with KerasPruningCallback, clear_session between trials).

    python bench/plain_optuna.py DATA.npz --trials 9 [--max-params N] [--epochs 2]

--max-params N: prune a model over N parameters after building it (the check a script can do
without a static table); without it every sample trains. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import optuna
from optuna_integration import KerasPruningCallback


def split(x, y):
    """In order: 70% training, 15% validation, the rest test (lstmspec's default split)."""
    n = len(x)
    a, b = int(n * 0.7), int(n * 0.85)
    return (x[:a], y[:a]), (x[a:b], y[a:b])


def objective(trial, data, args, keras):
    kind = trial.suggest_categorical("layers.rnn.type", ["LSTM", "GRU"])
    units = trial.suggest_int("layers.rnn.units", 8, 64, step=8)
    rate = trial.suggest_float("compile.optimizer.learning_rate", 1e-4, 1e-2, log=True)
    (x, y), (vx, vy) = data
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=x.shape[1:]),
                              getattr(keras.layers, kind)(units), keras.layers.Dense(1)])
    if args.max_params and model.count_params() > args.max_params:
        raise optuna.TrialPruned(f"{model.count_params()} parameters")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=rate), loss="mse")
    history = model.fit(x, y, validation_data=(vx, vy), epochs=args.epochs,
                        batch_size=args.batch, verbose=0,
                        callbacks=[KerasPruningCallback(trial, "val_loss")])
    return min(history.history["val_loss"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--trials", type=int, default=9)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-params", type=int, default=None)
    args = parser.parse_args()
    started = time.perf_counter()
    import keras

    arrays = np.load(args.data)
    data = split(arrays["x"], arrays["y"])
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="minimize",
                                sampler=optuna.samplers.RandomSampler(seed=args.seed),
                                pruner=optuna.pruners.NopPruner())
    study.optimize(lambda t: objective(t, data, args, keras), n_trials=args.trials)
    states = [t.state.name for t in study.trials]
    print(json.dumps({"seconds": time.perf_counter() - started, "states": states,
                      "params": [t.params for t in study.trials],
                      "durations": [t.duration.total_seconds() for t in study.trials]}))


if __name__ == "__main__":
    main()
