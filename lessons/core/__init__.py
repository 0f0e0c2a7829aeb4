"""The base layer: configuration, errors, messages and locale, data access. Imports nothing from the
other layers and nothing that needs processes, threads or signals."""
