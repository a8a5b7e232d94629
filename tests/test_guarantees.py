"""The README's "Guarantees" table names a test for each promise: each must exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def referenced_tests() -> list[tuple[str, str | None]]:
    readme = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Guarantees"):]
    table = table[: table.index("\n## ", 1)]
    found, current = [], None
    for match in re.finditer(r"`(test_\w+\.py)?(?:::)?(test_\w+)?`", table):
        module, test = match.groups()
        current = module or current
        if module or test:
            found.append((current, test))
    return found


def test_every_guarantee_names_a_test_that_exists() -> None:
    references = referenced_tests()
    assert len(references) >= 20
    for module, test in references:
        source = (ROOT / "tests" / module).read_text(encoding="utf-8")
        assert test is None or f"def {test}(" in source, f"{module}::{test} is missing"
