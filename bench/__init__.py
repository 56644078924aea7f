"""Mneme's benchmarks: recall quality, answer quality and speed.

Run them all with ``make bench`` (``python -m bench.run_all``); each module writes its JSON to
``bench/results/``. Nothing here is a test: timings are measured, never asserted.
"""
