"""Which packages the wheel holds; everything else about the project is in pyproject.toml.

data/ stays at the repository root (docs and tests name data/sources.csv); an installed copy carries
it as lessons/dataset, where lessons.core.config.data_dir() looks when no data/ is beside the package.
Every package under lessons/ is found, so a new lesson folder needs no entry here.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["lessons", "lessons.*"]), "lessons.dataset"],
    package_dir={"lessons.dataset": "data"},
)
