"""The progress summary's format: its name, version and limits, shared by the writer (``drill.export``) and the reader (``report``).

A module of constants alone, so that reading summaries costs no import of
the writer's progress store, file ownership checks or zip reader.
"""

from __future__ import annotations

FORMAT = "massage-quiz progress summary"
# 2: each item adds ``days`` and ``days_wrong`` (the first try of each day), which the report ranks by.
VERSION = 2
NAME_LIMIT = 80
SIZE_LIMIT = 20_000_000  # bytes: a summary of every question there is takes a few hundred kB
