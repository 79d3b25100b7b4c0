"""The run directory: where a run writes, its lock, its checkpoints, and the
--overwrite that moves an old run aside and puts it back."""
