"""The published JSON Schema of the ``pagenorm/1`` document."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def document_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every emitted document validates against."""
    text = files("pagenorm").joinpath("document.schema.json").read_text("utf-8")
    return json.loads(text)
