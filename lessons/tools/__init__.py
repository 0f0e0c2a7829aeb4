"""Command-line tools for teachers and maintainers: editions, handouts, presenter mode, the lab launcher."""
