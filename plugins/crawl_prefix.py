"""The crawler's `` date YYYY-MM-DD `` prefix, glued onto the start of a page's first
line whatever that line is. It becomes the document's ``page_date``: the crawl's date,
never the story's."""

from __future__ import annotations

import re
from datetime import date

from pagenorm import hookimpl
from pagenorm.config import Site
from pagenorm.model import Prefix

_PREFIX = re.compile(r"\s*date (\d{4}-\d{2}-\d{2})(?: |$)", re.ASCII)  # crawlers write ASCII


@hookimpl
def page_prefix(first_line: str, site: Site) -> Prefix | None:
    match = _PREFIX.match(first_line)
    if match is None:
        return None
    try:
        date.fromisoformat(match.group(1))
    except ValueError:  # " date 2025-13-45 " is not the crawler's stamp: leave the line whole
        return None
    return Prefix(length=match.end(), page_date=match.group(1))
