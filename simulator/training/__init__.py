"""Training and measuring the judge's heads from the project's own labelled corpus (developer tooling)."""
