"""Offline maps: plotly's geo subplots read their world geometry from a file we ship.

plotly.js fetches `<topojsonURL>/world_110m.json` for every geo subplot. We point
`topojsonURL` at a `data:` URL that holds the geometry itself and ends in "#", so the
file name plotly.js appends becomes a URL fragment and is ignored. The geometry then
travels inside each figure's own config: no server, no script, no network, and it works
wherever the figure is drawn (JupyterLab, a reopened notebook, Voilà, an HTML export).
"""

from __future__ import annotations

import json
from functools import cache
from urllib.parse import quote

from lessons.core.config import PACKAGE_DIR

TOPOJSON_NAME = "world_110m"
TOPOJSON_PATH = PACKAGE_DIR / "assets" / f"{TOPOJSON_NAME}.json"


@cache
def topojson() -> dict:
    """The shipped world geometry (countries keyed by ISO 3166-1 alpha-3)."""
    with TOPOJSON_PATH.open(encoding="utf-8") as f:
        return json.load(f)


@cache
def topojson_url() -> str:
    """A data: URL for plotly's `topojsonURL` config that serves the shipped geometry."""
    raw = TOPOJSON_PATH.read_text(encoding="utf-8")
    # Keep JSON punctuation readable; escape only what a URL cannot hold literally.
    return "data:application/json," + quote(raw, safe='[]{}:,.-"') + "#"


GEO_TRACES = frozenset({"choropleth", "scattergeo"})


def needs_geometry(fig_dict: dict) -> bool:
    """Whether a figure (as a dict) draws a map: a geo trace or a geo subplot in its layout."""
    if any(tr.get("type") in GEO_TRACES for tr in fig_dict.get("data") or []):
        return True
    return any(key == "geo" or (key.startswith("geo") and key[3:].isdigit()) for key in fig_dict.get("layout") or {})


def plotly_config(geo: bool = True) -> dict:
    """The config a course figure is drawn with. Only maps carry the geometry (≈ 285 KB): a
    chart that carried it would send it to the browser and store it in the notebook for nothing."""
    config = {"displaylogo": False, "responsive": True}
    if geo:
        config["topojsonURL"] = topojson_url()
    return config


def map_country_ids() -> set[str]:
    """ISO-3 codes that have a shape in the shipped geometry."""
    return {g["id"] for g in topojson()["objects"]["countries"]["geometries"] if g.get("id")}
