"""pagenorm: crawled news pages in, one normalised typed document out."""

from pagenorm.api import Normaliser, emit, normalise, normalise_records
from pagenorm.errors import ConfigError, InputError, PagenormError, PluginError
from pagenorm.hookspecs import hookimpl
from pagenorm.model import Document, Page, Source

__all__ = [
    "ConfigError",
    "Document",
    "InputError",
    "Normaliser",
    "Page",
    "PagenormError",
    "PluginError",
    "Source",
    "emit",
    "hookimpl",
    "normalise",
    "normalise_records",
]
__version__ = "0.1.0"
