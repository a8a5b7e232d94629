"""Write the example pages and their expected documents.

    python examples/generate.py          # rewrite pages/ and expected/
    python examples/generate.py --check  # exit 1 if expected/ is out of date

The pages are made up by ``pagenorm.testing`` (fixed seeds, so the files are stable); the
expected documents are pagenorm's output, checked against what the generator meant by
``tests/test_examples.py``. Review the diff of expected/ whenever it changes.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pagenorm
from pagenorm.model import Source
from pagenorm.testing import GeneratedPage, brecorder_page, generic_page

HERE = Path(__file__).resolve().parent


def example_pages() -> dict[str, GeneratedPage]:
    return {
        "brecorder-markets.txt": brecorder_page(random.Random(11)),
        "brecorder-short-strip.txt": brecorder_page(random.Random(23), related=False),
        "generic-byline.txt": generic_page(random.Random(5)),
        "generic-body-first.txt": generic_page(random.Random(8), title=False, byline=False),
    }


def expected_json(name: str, text: str) -> bytes:
    """The document as ``pagenorm convert examples/pages`` writes it (id, source path)."""
    source = Source(path=f"examples/pages/{name}")
    document = pagenorm.Normaliser().normalise(text, id=name, source=source)
    return pagenorm.emit(document, "json")


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for name, page in example_pages().items():
        page_file = HERE / "pages" / name
        expected_file = HERE / "expected" / (Path(name).stem + ".json")
        wanted = {page_file: page.text.encode("utf-8"),
                  expected_file: expected_json(name, page.text)}
        for path, data in wanted.items():
            if path.exists() and path.read_bytes() == data:
                continue
            stale.append(path)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
    for path in stale:
        print(("out of date: " if check else "wrote ") + str(path.relative_to(HERE.parent)))
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
