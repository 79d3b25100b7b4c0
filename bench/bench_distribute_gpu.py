"""GPU training throughput of an LSTM stack, three questions in one table:

1. a cuDNN-eligible stack against the same stack with `recurrent_dropout` (what LS202 warns
   about: the fused cuDNN kernel is ruled out),
2. mixed precision (`train.mixed_precision`, keras mixed_float16) on and off,
3. `train.distribute: mirrored` on one GPU against no strategy (the strategy's own overhead).

    python bench/bench_distribute_gpu.py                 # on a GPU machine, a few minutes
    python bench/bench_distribute_gpu.py --smoke         # reduced sizes, runs on a CPU
    python bench/bench_distribute_gpu.py --json out.json # also write the rows as JSON

Each case trains the same model on the same synthetic data with keras.Model.fit; after
`--warmup` steps (tracing, cuDNN autotuning) the next `--steps` steps are timed, from the
end of the last warm-up step to the end of the last timed step (both synchronised by reading
the loss). XLA is off in every case (jit_compile=False) so that only the named switch
changes: Keras turns XLA off anyway for an LSTM that may use cuDNN.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

SIZES = {  # timesteps, features, units per layer, layers, batch
    "gpu": dict(timesteps=100, features=32, units=256, layers=2, batch=256),
    "smoke": dict(timesteps=12, features=4, units=16, layers=2, batch=32),
}
# name, recurrent_dropout, mixed precision, strategy
CASES = [
    ("cuDNN-eligible stack (baseline)", 0.0, False, "none"),
    ("same, recurrent_dropout 0.2", 0.2, False, "none"),
    ("cuDNN-eligible, mixed_float16", 0.0, True, "none"),
    ("recurrent_dropout 0.2, mixed_float16", 0.2, True, "none"),
    ("cuDNN-eligible, mirrored on 1 device", 0.0, False, "mirrored"),
    ("cuDNN-eligible, mixed_float16, mirrored", 0.0, True, "mirrored"),
]


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="reduced sizes; runs on a CPU")
    parser.add_argument("--steps", type=int, help="timed steps per case (GPU 60, smoke 4)")
    parser.add_argument("--warmup", type=int, help="untimed steps first (GPU 10, smoke 2)")
    parser.add_argument("--json", metavar="PATH", help="also write the rows here")
    args = parser.parse_args(argv)
    args.steps = args.steps or (4 if args.smoke else 60)
    args.warmup = args.warmup or (2 if args.smoke else 10)
    return args


def device_name(tf) -> str:
    gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        return "CPU"
    details = tf.config.experimental.get_device_details(gpus[0])
    return f"GPU:0 ({details.get('device_name', 'unknown')}), {len(gpus)} GPU(s) visible"


def build(keras, size: dict, recurrent_dropout: float):
    inputs = keras.Input(shape=(size["timesteps"], size["features"]))
    x = inputs
    for index in range(size["layers"]):
        last = index == size["layers"] - 1
        x = keras.layers.LSTM(size["units"], return_sequences=not last,
                              recurrent_dropout=recurrent_dropout)(x)
    outputs = keras.layers.Dense(1, dtype="float32")(x)  # float32 loss under mixed precision
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse", jit_compile=False)
    return model


def data(tf, np, size: dict):
    rng = np.random.default_rng(0)
    count = size["batch"] * 8
    x = rng.standard_normal((count, size["timesteps"], size["features"])).astype("float32")
    y = x.mean(axis=(1, 2))[:, None].astype("float32")
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(size["batch"],
                                                              drop_remainder=True)
    return dataset.cache().repeat().prefetch(tf.data.AUTOTUNE)


def timer(keras, warmup: int, steps: int):
    class Timer(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch in (warmup - 1, warmup + steps - 1):
                float(logs["loss"])  # wait for the step to finish
                setattr(self, "start" if batch == warmup - 1 else "stop", time.perf_counter())

    return Timer()


def run_case(tf, keras, np, size, case, args) -> dict:
    name, dropout, mixed, strategy_name = case
    keras.backend.clear_session()
    keras.mixed_precision.set_global_policy("mixed_float16" if mixed else "float32")
    keras.utils.set_random_seed(0)
    strategy = tf.distribute.MirroredStrategy(devices=[first_device(tf)]) \
        if strategy_name == "mirrored" else None
    scope = strategy.scope() if strategy else _nothing()
    with scope:
        model = build(keras, size, dropout)
    clock = timer(keras, args.warmup, args.steps)
    model.fit(data(tf, np, size), epochs=1, verbose=0, callbacks=[clock], shuffle=False,
              steps_per_epoch=args.warmup + args.steps)
    seconds = clock.stop - clock.start
    keras.mixed_precision.set_global_policy("float32")
    return {"case": name, "recurrent_dropout": dropout,
            "precision": "mixed_float16" if mixed else "float32", "strategy": strategy_name,
            "ms_per_step": 1000 * seconds / args.steps,
            "samples_per_second": size["batch"] * args.steps / seconds}


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def first_device(tf) -> str:
    return "/gpu:0" if tf.config.list_physical_devices("GPU") else "/cpu:0"


def table(rows: list, header: str) -> str:
    base = rows[0]["samples_per_second"]
    lines = [header, "",
             f"{'case':42} {'precision':14} {'strategy':9} {'ms/step':>9} {'samples/s':>11} "
             f"{'vs baseline':>11}", "-" * 101]
    for row in rows:
        lines.append(f"{row['case']:42} {row['precision']:14} {row['strategy']:9} "
                     f"{row['ms_per_step']:9.2f} {row['samples_per_second']:11,.0f} "
                     f"{row['samples_per_second'] / base:10.2f}x")
    return "\n".join(lines)


def main(argv=None) -> int:
    args = arguments(argv)
    import keras
    import numpy as np
    import tensorflow as tf

    device = device_name(tf)
    if device == "CPU" and not args.smoke:
        print("no GPU visible to TensorFlow: these figures are about GPUs; run with --smoke for "
              "a reduced check on this CPU", file=sys.stderr)
        return 2
    size = SIZES["smoke" if args.smoke else "gpu"]
    rows = [run_case(tf, keras, np, size, case, args) for case in CASES]
    header = (f"{device}; TensorFlow {tf.__version__}, Keras {keras.__version__}, Python "
              f"{platform.python_version()}\nstack: {size['layers']} x LSTM({size['units']}) on "
              f"{size['timesteps']} steps x {size['features']} features, batch {size['batch']}; "
              f"{args.steps} timed steps after {args.warmup} warm-up steps; XLA off"
              + ("; SMOKE MODE (reduced sizes, not a GPU figure)" if args.smoke else ""))
    print(table(rows, header))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"device": device, "size": size, "steps": args.steps,
                       "warmup": args.warmup, "smoke": args.smoke, "rows": rows}, handle,
                      indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
