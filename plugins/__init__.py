"""pagenorm's built-in plugins. Each module is registered by name through the
``pagenorm`` entry-point group, exactly as a third-party plugin is."""
