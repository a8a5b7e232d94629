"""How good pagenorm is: made-up pages, attacks on the engine, and accuracy against labels.

- ``generator``: made-up pages of every site shape with the document each should give
  (``pagenorm.testing`` is its public name), one module per site family;
- ``fuzzing``: mutated pages against the engine's invariants (``pagenorm fuzz``);
- ``evaluate``: accuracy per field against labelled pages (``pagenorm eval``);
- ``lineset``: pages labelled line by line (the real-page dev set): scoring with "always
  null" beside each field, leave-site-out folds, and training a plugin's model
  (``pagenorm eval --labels``, ``pagenorm train``).

It imports the engine; the engine never imports it.
"""
