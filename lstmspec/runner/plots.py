"""The pictures of a run, drawn with matplotlib's Agg backend (no display needed): the learning
curve, and for a time series the forecast against the actual values of the test part."""

from __future__ import annotations

import io

from .timeline import as_dates


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
    """One panel per target: its actual values over a part, with the forecasts 1 step ahead
    and, for horizon > 1, `horizon` steps ahead, each drawn at the row it forecasts. Dates
    (ISO, YYYY-MM, YYYYMMDD) are drawn on a date axis."""
    plt = _pyplot()
    names = dataset.target_names
    fig, axes = plt.subplots(len(names), 1, figsize=(9, 1.0 + 2.8 * len(names)), sharex=True,
                             squeeze=False)
    first = dataset.first_rows[part]
    steps = dataset.steps(predicted)
    rows = list(range(int(first[0]), int(first[-1]) + dataset.horizon))
    xs, kind = _axis(dataset.row_labels)
    for t, (ax, name) in enumerate(zip(axes[:, 0], names)):
        ax.plot([xs[r] for r in rows], dataset.raw_targets[rows, t], color="black",
                linewidth=1.4, label="actual")
        ax.plot([xs[r] for r in first], steps[:, 0, t], color="tab:blue", linewidth=1.2,
                label="forecast, 1 step ahead")
        if dataset.horizon > 1:
            ahead = first + dataset.horizon - 1
            ax.plot([xs[r] for r in ahead], steps[:, -1, t], color="tab:orange",
                    linewidth=1.0, linestyle="--",
                    label=f"forecast, {dataset.horizon} steps ahead")
        ax.set_ylabel(name)
        ax.grid(alpha=0.3)
    axes[0, 0].legend(framealpha=0.9)
    axes[0, 0].set_title(title)
    _label_time_axis(axes[-1, 0], kind, rows, dataset)
    return _png(fig)


def _label_time_axis(ax, kind: str, rows: list, dataset) -> None:
    if kind == "dates":
        import matplotlib.dates as mdates

        locator = mdates.AutoDateLocator(maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    elif kind == "text":  # labels that are neither numbers nor dates: a few of them as ticks
        ticks = rows[::max(1, len(rows) // 8)]
        ax.set_xticks(ticks, [str(dataset.row_labels[r]) for r in ticks])
    ax.set_xlabel(dataset.time_name)


def _axis(labels: list) -> tuple[list, str]:
    """x values of the rows and their kind: dates, numbers (years, steps) or text."""
    dates = as_dates(labels)
    if dates is not None:
        return dates, "dates"
    try:
        return [float(v) for v in labels], "numbers"
    except (TypeError, ValueError):
        return list(range(len(labels))), "text"
