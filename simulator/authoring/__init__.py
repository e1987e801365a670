"""Authoring tools for scenario writers: template, schema, lint, trainees, explore, playtest, reload."""
