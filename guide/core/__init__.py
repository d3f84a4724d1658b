"""The pure core: the data model, conditions, the engine, answers, regions, dates. Imports nothing above it."""
