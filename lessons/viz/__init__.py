"""Drawing: the course's plotly template and palettes, maps, HTML helpers and the explorer base.
Imports only `lessons.core`."""
