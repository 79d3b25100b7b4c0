"""The pictures of a study (matplotlib, Agg): the objective of each trial with the best so far,
and a slice plot (the objective against each searched value); TensorBoard HParams."""

from __future__ import annotations

import os

from optuna.trial import TrialState

from ..figures import png, pyplot
from ..source.atomic import write_bytes


def complete_trials(study):
    return [t for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
            if t.value is not None]


def history_plot(study, metric: str, direction: str) -> bytes:
    plt = pyplot()
    trials = complete_trials(study)
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    numbers = [t.number for t in trials]
    values = [t.value for t in trials]
    ax.plot(numbers, values, "o", label="trial")
    best, line = None, []
    for value in values:
        better = best is None or (value < best if direction == "minimize" else value > best)
        best = value if better else best
        line.append(best)
    ax.step(numbers, line, where="post", label="best so far")
    pruned = [t.number for t in study.get_trials(deepcopy=False, states=(TrialState.PRUNED,))]
    for number in pruned:
        ax.axvline(number, color="0.85", lw=0.8, zorder=0)
    ax.set_xlabel("trial (grey lines: pruned)")
    ax.set_ylabel(metric)
    ax.grid(alpha=0.3)
    ax.legend()
    return png(fig)


def slice_plot(study, keys: list[str], metric: str) -> bytes:
    plt = pyplot()
    trials = complete_trials(study)
    fig, axes = plt.subplots(1, len(keys), figsize=(3.2 * len(keys), 3.2), squeeze=False,
                             sharey=True)
    for ax, key in zip(axes[0], keys):
        shown = [t for t in trials if key in t.params]
        xs = [t.params[key] for t in shown]
        if any(isinstance(x, (str, bool)) or x is None for x in xs):
            xs = [str(x) for x in xs]
        ax.scatter(xs, [t.value for t in shown], c=[t.number for t in shown], cmap="viridis")
        ax.set_xlabel(key, fontsize=8)
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel(metric)
    return png(fig)


def write_plots(study, keys: list[str], tune, folder: str) -> list[str]:
    if not complete_trials(study):
        return []
    metric, direction = tune.objective.metric, tune.objective.direction
    write_bytes(os.path.join(folder, "objective.png"), history_plot(study, metric, direction))
    write_bytes(os.path.join(folder, "slice.png"), slice_plot(study, keys, metric))
    return ["objective.png", "slice.png"]


def write_hparams(trial, value: float, metric: str, folder: str) -> None:
    """One TensorBoard HParams run per complete trial, under <study>/tensorboard/."""
    import tensorflow as tf
    from tensorboard.plugins.hparams import api as hp

    logdir = os.path.join(folder, "tensorboard", f"trial-{trial.number:04d}")
    hparams = {k: v for k, v in trial.params.items() if v is not None}
    with tf.summary.create_file_writer(logdir).as_default():
        hp.hparams(hparams, trial_id=str(trial.number))
        tf.summary.scalar(metric, value, step=0)
