"""Results as xAPI statements for a centre's Learning Record Store: build, configure, push."""
