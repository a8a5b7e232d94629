"""``yaml``: the document as YAML (safe dumper: plain data, page text quoted as needed)."""

from __future__ import annotations

import yaml

from pagenorm.emitters import Emitter
from pagenorm.model import Document, Format

FORMAT = Format("yaml", ".yaml", "the document as YAML (a multi-document stream for several)",
                separator=b"---\n")


class _Dumper(yaml.SafeDumper):
    """PyYAML writes a NEL (U+0085) raw in single-quoted and plain scalars, where a reader
    takes it for a line break and folds it to a space: such strings go double-quoted,
    where it is escaped as ``\\N``."""


def _string(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if "\x85" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _string)


def render(document: Document) -> bytes:
    text = yaml.dump(document.to_dict(), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=100)
    return text.encode("utf-8")


plugin = Emitter(FORMAT, render)
