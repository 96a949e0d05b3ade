"""Stage 3b: the terminal drill: study items, grading, sessions, FSRS scheduling, SQLite progress, stats.

The warm start (items from the cache) imports neither PyYAML, attrs, genanki nor fsrs.
"""
