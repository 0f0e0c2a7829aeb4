"""Lesson 01 (reading the news): its exercises in exercises.toml, its reference answers in answers.py."""
