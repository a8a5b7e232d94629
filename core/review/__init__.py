"""Seeing what pagenorm did with a page: read-only views of the engine's own record.

- ``view``: one page's lines with their section, plugin, confidence and the claims that lost;
- ``explain``: that view on a terminal (``pagenorm explain``), or as an SVG picture;
- ``pages``: self-contained HTML review pages and their index (``pagenorm review``), with
  ``review.css`` and ``review.js`` inlined;
- ``sample``: the pages ``convert --review`` reviews, chosen the same in every run.

It imports the engine and ``pagenorm.batch.inputs`` (pages are read as the batch reads
them); the engine never imports it.
"""
