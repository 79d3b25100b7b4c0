"""The runner: the only part of lstmspec that imports TensorFlow, always lazily."""
