"""Reading and writing files: a config's text with positions (YAML 1.2, spans),
YAML written back, configs found under a folder, atomic writes."""
