"""Hyperparameter search on Optuna, imported only by `lstmspec tune`: the study, its trials and
storage, and what a study leaves in its directory.

The space's paths are resolved by overrides/space.py and its lint is a rule (rules/tune_space.py,
rules/tune_corners.py): neither imports Optuna or TensorFlow."""
