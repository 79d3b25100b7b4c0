"""The schema stage: a config's data -> ModelSpec and layer specs, or LS3xx findings
(schema errors, misplaced keys, provisional layers); the JSON Schema for editors."""
