"""The pictures of a run, drawn with matplotlib's Agg backend (no display needed): the learning
curve, and for a time series the forecast against the actual values of the test part."""

from __future__ import annotations

import numpy as np

from ..figures import png, pyplot


def learning_curve(history: dict, title: str) -> bytes:
    """Loss (and the first metric) per epoch, training and validation."""
    plt = pyplot()
    metrics = [k for k in history if k not in ("epoch", "learning_rate", "loss") and
               not k.startswith("val_")]
    panels = ["loss"] + metrics[:1]
    fig, axes = plt.subplots(1, len(panels), figsize=(5.2 * len(panels), 3.6), squeeze=False)
    epochs = history.get("epoch") or list(range(1, len(history.get("loss", [])) + 1))
    for ax, key in zip(axes[0], panels):
        for name, style in ((key, "-"), ("val_" + key, "--")):
            if name in history:
                ax.plot(epochs[:len(history[name])], history[name], style, marker=".",
                        label="validation" if name.startswith("val_") else "training")
        ax.set_xlabel("epoch")
        ax.set_ylabel(key)
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle(title)
    return png(fig)


def confusion_matrix(scores: dict, title: str) -> bytes:
    """A classifier's confusion matrix (rows: actual, columns: predicted), counts written in
    the cells, the classes named as the data names them."""
    plt = pyplot()
    matrix = np.asarray(scores["confusion_matrix"])
    names = scores["classes"]
    size = max(3.6, 0.45 * len(names) + 2.0)
    fig, ax = plt.subplots(figsize=(size + 1.0, size))
    shown = ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("actual")
    if len(names) <= 20:
        top = matrix.max() or 1
        for (row, column), count in np.ndenumerate(matrix):
            ax.text(column, row, str(count), ha="center", va="center",
                    color="white" if count > top / 2 else "black", fontsize=8)
    fig.colorbar(shown, ax=ax, fraction=0.046)
    ax.set_title(f"accuracy {scores['accuracy']:.3f}")
    fig.suptitle(title)
    return png(fig)


MAX_TARGETS, MAX_SERIES = 6, 3  # panels: one row per target, one column per series


def forecast(dataset, part: str, predicted, title: str) -> bytes:
    """Each target's actual values over a part (one panel per target, and per series for up
    to three series), with the forecasts 1 step ahead and, for horizon > 1, `horizon` steps
    ahead, each drawn at the row it forecasts; dates on the axis when the time column holds
    dates."""
    plt = pyplot()
    steps = dataset.original(part, predicted)
    groups = dataset.sample_series.get(part)
    chosen = list(dict.fromkeys(groups.tolist()))[:MAX_SERIES] if groups is not None else [0]
    targets = dataset.target_names[:MAX_TARGETS]
    fig, axes = plt.subplots(len(targets), len(chosen), squeeze=False, sharex="col",
                             figsize=(9 if len(chosen) == 1 else 5.5 * len(chosen),
                                      0.6 + 3.0 * len(targets)))
    xs = dataset.times if dataset.times is not None else _axis(dataset.row_labels)
    for column, group in enumerate(chosen):
        picked = np.flatnonzero(groups == group) if groups is not None else \
            np.arange(len(steps))
        for row, name in enumerate(targets):
            _panel(axes[row][column], dataset, xs, picked, steps, row, part)
            axes[row][column].set_ylabel(name)
        if dataset.series_column:
            axes[0][column].set_title(f"{dataset.series_column} {dataset.series_names[group]}")
    axes[0][0].legend(framealpha=0.9)
    fig.suptitle(title)
    return png(fig)


def _panel(ax, dataset, xs, picked, steps, target: int, part: str) -> None:
    first = dataset.first_rows[part][picked]
    rows = np.arange(int(first.min()), int(first.max()) + dataset.horizon)
    ax.plot([xs[r] for r in rows], dataset.raw_targets[rows, target], color="black",
            linewidth=1.4, label="actual")
    ax.plot([xs[r] for r in first], steps[picked, 0, target], color="tab:blue",
            linewidth=1.2, label="forecast, 1 step ahead")
    if dataset.horizon > 1:
        ahead = first + dataset.horizon - 1
        ax.plot([xs[r] for r in ahead], steps[picked, -1, target], color="tab:orange",
                linewidth=1.0, linestyle="--", label=f"forecast, {dataset.horizon} steps ahead")
    if dataset.times is None and not _numeric(dataset.row_labels):  # text labels
        ticks = list(rows)[::max(1, len(rows) // 8)]
        ax.set_xticks(ticks, [str(dataset.row_labels[r]) for r in ticks])
    ax.grid(alpha=0.3)


def _numeric(labels: list) -> bool:
    try:
        [float(v) for v in labels]
    except (TypeError, ValueError):
        return False
    return True


def _axis(labels: list) -> list:
    return [float(v) for v in labels] if _numeric(labels) else list(range(len(labels)))
