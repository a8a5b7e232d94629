"""``pagenorm.testing``: the public name of the page generator, ``pagenorm.quality.generator``.

Users' tests and plugin packages import the generator by this name; it stays here so that the
name keeps working while the generator lives with the other quality tools.
"""

import sys

from pagenorm.quality import generator

sys.modules[__name__] = generator
