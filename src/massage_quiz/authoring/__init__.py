"""Tools for instructors: a new folder with examples (``scaffold``), the ``add`` wizard and its appender."""
