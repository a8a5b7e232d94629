"""The tests run against the installed package: pagenorm finds plugins through entry
points, which exist only once the package is installed (``pip install .`` here, or
``pip install -e .`` while working on it)."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest

import pagenorm

PLUGIN = "harbourherald"


def pytest_configure(config: pytest.Config) -> None:
    if not entry_points(group="pagenorm", name=PLUGIN):
        raise pytest.UsageError(
            f"the {PLUGIN!r} entry point is not installed: run "
            "`pip install ./examples/pagenorm-harbourherald` (or `pip install .` in its folder)")


@pytest.fixture(scope="session")
def normaliser() -> pagenorm.Normaliser:
    """Pages read as `pagenorm convert --plugin harbourherald` reads them: the profile is
    picked per page by content, among the shipped ones and the plugin's."""
    return pagenorm.Normaliser(plugins=[PLUGIN])

