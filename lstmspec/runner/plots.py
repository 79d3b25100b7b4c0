"""The pictures of a run, drawn with matplotlib's Agg backend (no display needed): the learning
curve, and for a time series the forecast against the actual values of the test part."""

from __future__ import annotations

import io


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    _pyplot().close(fig)
    return buffer.getvalue()


def learning_curve(history: dict, title: str) -> bytes:
    """Loss (and the first metric) per epoch, training and validation."""
    plt = _pyplot()
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
    return _png(fig)


def forecast(dataset, part: str, predicted, title: str) -> bytes:
    """The first target's actual values over a part, with the forecasts 1 step ahead and,
    for horizon > 1, `horizon` steps ahead, each drawn at the row it forecasts."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(9, 3.8))
    first = dataset.first_rows[part]
    steps = dataset.steps(predicted)
    rows = range(int(first[0]), int(first[-1]) + dataset.horizon)
    xs = _axis(dataset.row_labels)
    ax.plot([xs[r] for r in rows], dataset.raw_targets[list(rows), 0], color="black",
            linewidth=1.4, label="actual")
    ax.plot([xs[r] for r in first], steps[:, 0, 0], color="tab:blue", linewidth=1.2,
            label="forecast, 1 step ahead")
    if dataset.horizon > 1:
        ahead = first + dataset.horizon - 1
        ax.plot([xs[r] for r in ahead], steps[:, -1, 0], color="tab:orange", linewidth=1.0,
                linestyle="--", label=f"forecast, {dataset.horizon} steps ahead")
    ax.set_ylabel(dataset.target_names[0])
    if not _numeric(dataset.row_labels):  # dates as text: label a few rows with them
        ticks = list(rows)[::max(1, len(rows) // 8)]
        ax.set_xticks(ticks, [str(dataset.row_labels[r]) for r in ticks])
    ax.grid(alpha=0.3)
    ax.legend(framealpha=0.9)
    ax.set_title(title)
    return _png(fig)


def _numeric(labels: list) -> bool:
    try:
        [float(v) for v in labels]
    except (TypeError, ValueError):
        return False
    return True


def _axis(labels: list) -> list:
    return [float(v) for v in labels] if _numeric(labels) else list(range(len(labels)))
