"""Benchmarks: encryption overhead, caseload paging and search at 100,000 participants, unlock time.

Run ``python -m bench`` (``--quick`` for a smoke run). Figures are printed and merged into
``bench/results.json``; nothing here asserts on time.
"""
