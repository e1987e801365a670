"""The conversation engine: customer mood, scoring and the debrief (pure, no I/O)."""
