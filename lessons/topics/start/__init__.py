"""Lesson 00 (start here): its exercises live in exercises.toml beside this file."""
