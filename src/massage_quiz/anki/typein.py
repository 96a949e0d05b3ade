"""The code cards' type-in made as fair as the drill: a typed code is written the WHO way before Anki compares it.

Anki compares a typed answer character for character. The front's script
rewrites what is typed into the WHO spelling as soon as it is a spelling of
a code (``bl23``, ``UB-23``, ``Bladder 23`` become ``BL23``), so desktop Anki
and AnkiMobile compare the WHO code; a client that reads the answer from a
box of its own (AnkiDroid's default) compares what was typed, and then the
back's script says when the typed text is the right code written another way.
Both use the rules of ``massage_quiz.catalogue.codes``, written out in
JavaScript that every client's web view runs (ES5, no modules).
"""

from __future__ import annotations

import json

from massage_quiz.catalogue import codes


def _canonical_js() -> str:
    """``mqCanonical(text)``: codes.canonical in JavaScript, its tables taken from Python so they cannot drift."""
    tables = {
        "counts": codes.WHO_POINT_COUNTS,
        "aliases": codes.PREFIX_ALIASES,
        "words": codes.MERIDIAN_WORDS,
        "regions": list(codes.EX_REGIONS),
    }
    return (
        "function mqCanonical(text) {"
        f" var t = {json.dumps(tables, sort_keys=True)};"
        ' var s = (text.normalize ? text.normalize("NFKC") : text).trim().replace(/[\\s\\-._]+/g, "").toUpperCase();'
        ' if (s === "ASHI") { return "Ashi"; }'
        ' var m = new RegExp("^EX(" + t.regions.join("|") + ")0*([0-9]{1,4})$").exec(s);'
        ' if (m) { var e = parseInt(m[2], 10); return e >= 1 ? "EX-" + m[1] + e : null; }'
        " m = /^([A-Z]+)0*([0-9]{1,4})$/.exec(s);"
        " if (!m) { return null; }"
        " var p = t.aliases.hasOwnProperty(m[1]) ? t.aliases[m[1]] : (t.words.hasOwnProperty(m[1]) ? t.words[m[1]] : m[1]);"
        " var n = parseInt(m[2], 10);"
        " if (!t.counts.hasOwnProperty(p) || n < 1 || n > t.counts[p]) { return null; }"
        " return p + n; }"
    )


# On the front: rewrite the box's text into the WHO code once it is one, while typing (only with the
# caret at the end, so an edit in the middle is left alone), and always on Enter and on leaving the box.
_FRONT = (
    "(function () {"
    ' var box = document.getElementById("typeans");'
    ' if (!box || box.tagName !== "INPUT" || box.getAttribute("data-mq-fair")) { return; }'
    ' box.setAttribute("data-mq-fair", "1");'
    " function fix(always) { var code = mqCanonical(box.value);"
    " if (code === null || code === box.value) { return; }"
    " if (!always && box.selectionStart !== box.value.length) { return; }"
    " box.value = code; }"
    ' box.addEventListener("input", function (e) { if (!e.isComposing) { fix(false); } });'
    ' box.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.keyCode === 13) { fix(true); } }, true);'
    ' box.addEventListener("change", function () { fix(true); });'
    "})();"
)

# On the back: Anki's comparison shows what was typed above an arrow and the answer below it.
# When the two are one code (a client compared the text as typed), say the answer is right.
_BACK = (
    # Run once the card is whole: the spellings the card lists come after this script.
    '(function (run) { if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); } })(function () {'
    ' var shown = document.querySelector("code#typeans");'
    ' if (!shown || shown.getAttribute("data-mq-fair") || !document.getElementById("typearrow")) { return; }'
    ' shown.setAttribute("data-mq-fair", "1");'
    ' var typed = "", expected = "", below = false;'
    " for (var i = 0; i < shown.childNodes.length; i++) { var node = shown.childNodes[i];"
    ' if (node.id === "typearrow") { below = true; continue; }'
    ' if (node.nodeName === "BR") { continue; }'
    ' if (!below && node.className === "typeMissed") { continue; }'
    " if (below) { expected += node.textContent; } else { typed += node.textContent; } }"
    " var code = mqCanonical(expected);"
    " if (code === null) { return; }"
    # A spelling the card itself lists ("Older books write …", the note's CodeSpellings, such as
    # Woodley's Ex-BW-7) is right too, as the drill accepts it: compared without case, spaces or hyphens.
    ' var key = function (s) { return (s.normalize ? s.normalize("NFKC") : s).replace(/[\\s\\-._]+/g, "").toUpperCase(); };'
    ' var listed = false, spellings = document.querySelector(".spellings");'
    ' if (spellings && typed) { var names = spellings.textContent.replace(/^Older books write /, "").split(", ");'
    " for (var j = 0; j < names.length; j++) { if (key(names[j]) === key(typed)) { listed = true; } } }"
    " if (mqCanonical(typed) !== code && !listed) { return; }"
    ' var note = document.createElement("div"); note.className = "typefair";'
    ' note.textContent = "\\u2714 Right: " + typed + " is " + code + ", written another way.";'
    " shown.parentNode.insertBefore(note, shown.nextSibling);"
    "});"
)


def script() -> str:
    """The script a code card carries on both sides (each part does nothing on the other side)."""
    return f"<script>{_canonical_js()}{_FRONT}{_BACK}</script>"
