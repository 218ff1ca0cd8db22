"""Benchmarks, run by `make bench`: figures measured side by side with their anchors."""
