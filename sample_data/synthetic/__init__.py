"""Synthetic companies of any size, for benchmarks and scale tests."""
