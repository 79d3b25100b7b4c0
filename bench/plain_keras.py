"""The hand-written plain-Keras baseline of bench_run.py: the same work as `lstmspec run` on the
bench config (same CSV windows and split, normalisation on the training rows, model, optimizer,
seed, epochs, batch size, validation, evaluation, saved model), written the way a user would
without lstmspec. Prints one JSON line: fit seconds, training samples/s, seconds per epoch, wall
seconds.

    python bench/plain_keras.py DATA.csv OUT_DIR [--epochs N] [--batch-size N] [--window N]
"""

from __future__ import annotations

import argparse
import json
import os
import time

START = time.perf_counter()
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402


def windows(values, targets, starts, window):
    x = values[starts[:, None] + np.arange(window)]
    y = targets[starts + window][:, None]
    return x.astype("float32"), y.astype("float32")


class EpochTimer(keras.callbacks.Callback):
    """Seconds per epoch, start to next start (the last: to the end of training)."""

    def __init__(self):
        super().__init__()
        self.seconds, self.started = [], None

    def lap(self):
        now = time.perf_counter()
        if self.started is not None:
            self.seconds.append(now - self.started)
        self.started = now

    def on_epoch_begin(self, epoch, logs=None):
        self.lap()

    def on_train_end(self, logs=None):
        self.lap()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("out")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--window", type=int, default=48)
    parser.add_argument("--units", type=int, default=64)
    args = parser.parse_args()

    table = np.loadtxt(args.data, delimiter=",", skiprows=1, dtype="float64")
    features, target = table[:, 1:], table[:, 1]  # column 0 is the time step
    rows, window = len(table), args.window
    train_end, val_end = round(rows * 0.7), round(rows * 0.7) + round(rows * 0.15)
    mean, std = features[:train_end].mean(0), features[:train_end].std(0)
    features, target = (features - mean) / std, (target - mean[0]) / std[0]
    train = np.arange(0, train_end - window)
    val = np.arange(train_end - window, val_end - window)
    test = np.arange(val_end - window, rows - window)

    keras.utils.set_random_seed(0)
    tf.config.experimental.enable_op_determinism()
    inputs = keras.Input(shape=(window, features.shape[1]))
    hidden = keras.layers.LSTM(args.units)(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1)(hidden))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse",
                  metrics=["mae"])
    x_train, y_train = windows(features, target, train, window)
    timer = EpochTimer()
    started = time.perf_counter()
    model.fit(x_train, y_train, batch_size=args.batch_size, epochs=args.epochs,
              validation_data=windows(features, target, val, window), shuffle=True, verbose=0,
              callbacks=[timer])
    fit_seconds = time.perf_counter() - started
    model.evaluate(*windows(features, target, test, window), batch_size=args.batch_size,
                   verbose=0)
    os.makedirs(args.out, exist_ok=True)
    model.save(os.path.join(args.out, "model.keras"))
    print(json.dumps({"fit_seconds": fit_seconds,
                      "samples_per_second": args.epochs * len(x_train) / fit_seconds,
                      "train_samples": len(x_train), "epoch_seconds": timer.seconds,
                      "wall_seconds": time.perf_counter() - START}))


if __name__ == "__main__":
    main()
