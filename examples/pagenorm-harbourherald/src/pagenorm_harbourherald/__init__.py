"""pagenorm site plugin for The Harbour Herald: the site profile and its tide tables.

The plugin itself is ``pagenorm_harbourherald.plugin`` (the ``harbourherald`` entry point
of the ``pagenorm`` group); the types are re-exported here for library users reading
``document.sections``.
"""

from pagenorm_harbourherald.plugin import HarbourHeraldOptions, TideData, TideEntry

__all__ = ["HarbourHeraldOptions", "TideData", "TideEntry"]
