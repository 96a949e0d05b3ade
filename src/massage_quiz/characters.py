"""The characters text must not hold, in one place: what output strips, what a course's name and content refuse."""

from __future__ import annotations

import re

# C0 and C1 control characters (but tab and newline), DEL, and the Unicode
# bidirectional overrides that can make text display other than it reads.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
# Characters no trainee can see or type: the soft hyphen, zero-width spaces and
# joiners, directional marks, invisible operators, the byte-order mark, interlinear
# annotation marks.
_INVISIBLE = "\u00ad\u200b-\u200f\u2060-\u2064\ufeff\ufff9-\ufffb"

CONTROL = re.compile(f"[{_CONTROL}]")
"""What may never reach the terminal: output strips it from everything printed."""

ONE_LINE_UNPRINTABLE = re.compile(f"[\t\n{_CONTROL}]")
"""What a one-line text (a course's name) refuses: the control characters, tab and newline too."""

INVISIBLE = re.compile(f"[{_CONTROL}{_INVISIBLE}]")
"""What content text refuses: an answer holding one can never be matched, and U+001F (Anki's field separator) breaks the deck."""
