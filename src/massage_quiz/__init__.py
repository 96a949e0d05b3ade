"""massage-quiz: study lumbar and back massage with Anki and a terminal drill."""

__version__ = "0.1.0"
