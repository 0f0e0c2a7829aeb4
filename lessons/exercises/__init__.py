"""Exercises: the pure checks, the one exercise widget, running student code, progress, the bank."""
