"""The static summary of a model: the table like Keras's model.summary(), its JSON,
--explain, and the diagram (SVG, HTML), all without TensorFlow."""
