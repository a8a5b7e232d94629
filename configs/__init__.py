"""Shipped configs. The YAML files here are data; this file only makes the folder
an importable package so that installed copies can be found with importlib.resources."""
