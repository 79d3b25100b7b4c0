"""tf.distribute: the cluster worked out without TensorFlow, the strategy and its
scope, keeping workers in step, and the mend of Keras for multi-worker training."""
