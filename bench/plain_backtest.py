"""The five fits of `lstmspec backtest --folds 5` written by hand with Keras: for each origin,
the rows before it split 70/15 by time into train and validation (as the backtest's fold
config does: 0.8235/0.1765), standardised with the training rows' statistics, cut into the
same windows, the same model and seed, fitted, and the window before the origin forecast.

    python bench/plain_backtest.py CSV WINDOW HORIZON UNITS EPOCHS BATCH FOLDS
"""

from __future__ import annotations

import sys


def main() -> None:
    path, window, horizon, units, epochs, batch, folds = sys.argv[1], *map(int, sys.argv[2:])
    import keras
    import numpy as np

    values = np.loadtxt(path, delimiter=",", skiprows=1, usecols=1)[:, None]
    out = []
    for k in range(1, folds + 1):
        origin = len(values) - horizon - (folds - k) * horizon
        rows = values[:origin]
        validation = round(len(rows) * round(0.15 / 0.85, 9))
        train_end = round(len(rows) * round(1 - 0.15 / 0.85, 9))
        shift, scale = rows[:train_end].mean(), rows[:train_end].std()
        scaled = (values - shift) / scale

        def windows(low, high, scaled=scaled):
            starts = np.arange(max(0, low - window), high - window - horizon + 1)
            x = scaled[starts[:, None] + np.arange(window)]
            y = scaled[starts[:, None] + window + np.arange(horizon)][..., 0]
            return x.astype("float32"), y.astype("float32")

        x, y = windows(0, train_end)
        vx, vy = windows(train_end, train_end + validation)
        keras.utils.set_random_seed(1)
        model = keras.Sequential([keras.Input((window, 1)), keras.layers.LSTM(units),
                                  keras.layers.Dense(horizon)])
        model.compile(optimizer="adam", loss="mse")
        model.fit(x, y, validation_data=(vx, vy), epochs=epochs, batch_size=batch,
                  verbose=0, shuffle=True)
        guess = model.predict(scaled[None, origin - window:origin].astype("float32"),
                              verbose=0)[0] * scale + shift
        out.append(float(np.abs(guess - values[origin:origin + horizon, 0]).mean()))
    print(" ".join(f"{v:.4f}" for v in out))


if __name__ == "__main__":
    main()
