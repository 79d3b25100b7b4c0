"""`lstmspec import`: a Keras model (.keras archive or model.to_json()) -> an lstmspec
config, stacks and functional graphs alike."""
