"""Fitting with nothing lost: the epoch loop with atomic checkpoints, a resumable
per-epoch order, the input pipeline and the model/optimizer state a resume restores."""
