"""Benchmarks and the corruption suite: synthetic packages and projects shaped like the real one."""
