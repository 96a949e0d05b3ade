"""Stage 4b: the terminal drill: grading, sessions, FSRS scheduling, SQLite progress, stats.

The warm start (items from the cache, ``massage_quiz.items.load``) imports neither PyYAML, attrs, genanki nor fsrs.
"""
