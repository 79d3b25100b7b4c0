"""The runner: the only part of lstmspec that imports TensorFlow, always lazily (tf.py); run.py
drives data/ and series/, build/, training/ in a rundir/ under distribute/; use/ comes after."""
