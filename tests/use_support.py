"""Training a tiny run in this process for the predict/forecast/evaluate/export tests (one
TensorFlow import for the whole test process), from a module-scoped fixture."""

from __future__ import annotations

import contextlib
import io
import sys

from lstmspec.cli import main
from lstmspec.settings import clear_cache


def train(config) -> None:
    """`lstmspec run CONFIG --quiet --device cpu`; fails the test with its stderr on an error."""
    clear_cache()
    out, err, argv = io.StringIO(), io.StringIO(), sys.argv
    sys.argv = ["lstmspec", "run", str(config), "--quiet", "--device", "cpu"]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exited:
        assert not exited.code, err.getvalue()
    finally:
        sys.argv = argv


def seal(folder, status: str = "complete") -> None:
    """A run.json as `run` leaves it, for a run directory a test made by hand: the status and
    the SHA-256 of its config.yaml, preparation.json and model.keras (of no bytes where the
    test wrote no such file: the cases that use it stop before reading it)."""
    import hashlib
    import json
    from pathlib import Path

    folder = Path(folder)
    digests = {name: hashlib.sha256((folder / name).read_bytes() if (folder / name).exists()
                                    else b"").hexdigest()
               for name in ("config.yaml", "preparation.json", "model.keras")}
    (folder / "run.json").write_text(json.dumps({"status": status, "sha256": digests}))
