"""Scenario model and YAML loading."""
