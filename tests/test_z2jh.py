"""hub/z2jh/config.yaml is valid for the Zero to JupyterHub chart it names, and the image's jupyterhub
matches the chart's hub.

The chart's own defaults (values.yaml) and schema (values.schema.yaml) are vendored in hub/z2jh/chart/
(README there: repository, tag, commit). helm merges the district's values into the defaults, then
validates the result against the schema; this test does the same, offline."""

from __future__ import annotations

import copy
import re
import tomllib

import jsonschema
import pytest
import yaml
from packaging.specifiers import SpecifierSet  # installed with pip and jupyter itself
from packaging.version import Version

from conftest import REPO

CHART = REPO / "hub" / "z2jh" / "chart"
VALUES = REPO / "hub" / "z2jh" / "config.yaml"


def _yaml(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def helm_merge(defaults: dict, values: dict) -> dict:
    """Values over defaults as helm coalesces them: maps merge key by key, anything else (lists,
    strings, numbers) replaces the default, and null removes the default's key."""
    out = copy.deepcopy(defaults)
    for key, value in values.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = helm_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@pytest.fixture(scope="module")
def validator():
    schema = _yaml(CHART / "values.schema.yaml")
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


@pytest.fixture(scope="module")
def defaults():
    return _yaml(CHART / "values.yaml")


def _problems(validator, values) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in validator.iter_errors(values)]


def test_the_chart_defaults_alone_are_valid(validator, defaults):
    """The vendored pair belongs together (both from the same tag)."""
    assert not _problems(validator, defaults)


def test_the_course_values_merged_into_the_chart_defaults_are_valid(validator, defaults):
    values = _yaml(VALUES)
    assert not _problems(validator, helm_merge(defaults, values))
    # what the course sets survives the merge (the merge does not silently drop the district's choices)
    merged = helm_merge(defaults, values)
    assert merged["singleuser"]["memory"]["limit"] == "1G" and merged["cull"]["timeout"] == 3600
    assert merged["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"][0] == "gitpuller"


def _rename(path: str, new: str):
    def change(values):
        *parents, last = path.split(".")
        node = values
        for p in parents:
            node = node[p]
        node[new] = node.pop(last)

    return change


def _set(path: str, value):
    def change(values):
        *parents, last = path.split(".")
        node = values
        for p in parents:
            node = node[p]
        node[last] = value

    return change


BAD = {
    "top-level section misspelt": (_rename("singleuser", "singleusr"), "'singleusr' was unexpected"),
    "memory limit misspelt": (_rename("singleuser.memory.limit", "limt"), "'limt' was unexpected"),
    "storage capacity misspelt": (_rename("singleuser.storage.capacity", "capcity"), "'capcity' was unexpected"),
    "home mount path in the wrong case": (
        _rename("singleuser.storage.homeMountPath", "homeMountpath"),
        "'homeMountpath' was unexpected",
    ),
    "defaultUrl in the wrong case": (_rename("singleuser.defaultUrl", "defaultURL"), "'defaultURL' was unexpected"),
    "cull timeout misspelt": (_rename("cull.timeout", "timout"), "'timout' was unexpected"),
    "pre-puller hook flag misspelt": (_rename("prePuller.hook.enabled", "enabeld"), "'enabeld' was unexpected"),
    "hub config class not capitalised": (_rename("hub.config.JupyterHub", "jupyterhub"), "'jupyterhub' does not match"),
    "cull timeout in words": (_set("cull.timeout", "an hour"), "'an hour' is not of type 'integer'"),
    "unknown storage type": (_set("singleuser.storage.type", "dynamik"), "'dynamik' is not one of"),
    "cpu limit in words": (_set("singleuser.cpu.limit", "one"), "'one' is not of type 'number'"),
    "null removes a required default": (_set("cull", None), "'cull' is a required property"),
}


@pytest.mark.parametrize("change, expected", BAD.values(), ids=BAD.keys())
def test_a_mistake_in_the_course_values_is_caught(validator, defaults, change, expected):
    values = _yaml(VALUES)
    change(values)
    problems = _problems(validator, helm_merge(defaults, values))
    assert len(problems) == 1 and expected in problems[0], problems


@pytest.mark.parametrize(
    "defaults_, values, merged",
    [
        pytest.param({"a": {"x": 1, "y": 2}}, {"a": {"y": 3}}, {"a": {"x": 1, "y": 3}}, id="maps-merge"),
        pytest.param({"a": [1, 2, 3]}, {"a": [4]}, {"a": [4]}, id="lists-replace"),
        pytest.param({"a": {"x": 1}, "b": 2}, {"a": None}, {"b": 2}, id="null-removes"),
        pytest.param({"a": {"x": 1}}, {"a": "text"}, {"a": "text"}, id="scalar-replaces-map"),
    ],
)
def test_the_merge_is_helms(defaults_, values, merged):
    before = copy.deepcopy(defaults_)
    assert helm_merge(defaults_, values) == merged
    assert defaults_ == before  # the defaults themselves are untouched


def _chart_hub() -> Version:
    return Version(str(_yaml(CHART / "Chart.yaml")["appVersion"]))


def _pin(kind: str) -> SpecifierSet:
    if kind == "pyproject.toml (hub extra)":
        extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
            "optional-dependencies"
        ]
        reqs = extras["hub"]
        name = "jupyterhub"
    else:
        reqs = [d for d in _yaml(REPO / "environment.yml")["dependencies"] if isinstance(d, str)]
        name = "jupyterhub-singleuser"
    (spec,) = [m.group(1) for r in reqs if (m := re.fullmatch(rf"{name}\s*([<>=!~].*)", r.strip()))]
    return SpecifierSet(spec.replace(" ", ""))


@pytest.mark.parametrize("kind", ["pyproject.toml (hub extra)", "environment.yml (image)"])
def test_jupyterhub_is_pinned_to_the_chart_hubs_major_version(kind):
    hub = _chart_hub()
    spec = _pin(kind)
    assert hub in spec, f"{kind}: {spec} does not allow the chart's hub {hub}"
    assert Version(f"{hub.major}.0") in spec  # the whole major series
    assert Version(f"{hub.major + 1}.0") not in spec and Version(f"{hub.major - 1}.99") not in spec, (
        f"{kind}: {spec} allows another major version than the chart's hub {hub}"
    )
