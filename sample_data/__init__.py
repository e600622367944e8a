"""Sample companies for demos, tests and benchmarks: Meridian Interiors and a generator."""
