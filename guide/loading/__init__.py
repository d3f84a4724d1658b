"""Reading the data folders: YAML, the compiler (YAML -> model, with file:line problems), the cache, validate."""
