"""matplotlib with the Agg backend (no display needed), imported when a picture is drawn, and a
figure rendered to PNG bytes: what the run's pictures and the study's pictures share."""

from __future__ import annotations

import io


def pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    pyplot().close(fig)
    return buffer.getvalue()
