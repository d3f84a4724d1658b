"""The application: the CLI, the commands, the interactive guide and its prompts, batch, listings."""
