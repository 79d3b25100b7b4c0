"""Hyperparameter search: the space and its lint (space.py, corners.py: no Optuna, no
TensorFlow) and the Optuna driver (study.py, imported only by `lstmspec tune`)."""
