"""Read one YAML file into a tree of nodes that remember their line and column.

Only plain data is accepted: no anchors or aliases (so no alias bomb can
blow up memory), no tags, one document, UTF-8, spaces for indentation, and
no key twice in a mapping (PyYAML would silently keep the last one).
Problems are collected, not raised one at a time.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from massage_quiz.errors import Problem, ProblemCode

MAX_FILE_BYTES = 10 * 1024 * 1024

# libyaml's C parser is several times faster; its events carry marks too.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
# PyYAML's stubs leave Resolver.resolve untyped; it returns the tag.
_resolve: Callable[..., str] = _resolver.resolve
# A plain scalar can only be a number, boolean or null if it starts with one
# of these; anything else is text without asking the resolver.
_MAYBE_NOT_TEXT = frozenset(ch for ch in _resolver.yaml_implicit_resolvers if ch is not None)

_STR = "tag:yaml.org,2002:str"
# Far deeper than any entry (a map inside an entry inside a list: four), far
# shallower than Python's recursion limit.
MAX_DEPTH = 32
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


class Scalar(NamedTuple):
    """A scalar as written, with the type YAML would give it."""

    text: str
    tag: str
    line: int
    col: int

    @property
    def value(self) -> object:
        """The scalar as YAML 1.1 reads it: str, int, float, bool or None."""
        if self.tag == _STR:
            return self.text
        if self.tag == _NULL:
            return None
        if self.tag == _BOOL:
            return self.text.lower() in ("true", "yes", "on", "y")
        if self.tag == _INT:
            return _yaml11_int(self.text)
        if self.tag == _FLOAT:
            try:
                return float(self.text.replace("_", ""))
            except ValueError:
                return self.text
        return self.text

    @property
    def kind(self) -> str:
        """A human word for what was written: text, number, true/false or nothing."""
        return {_STR: "text", _INT: "a number", _FLOAT: "a number", _BOOL: "true/false", _NULL: "nothing"}.get(self.tag, "text")


def _yaml11_int(text: str) -> int | str:
    """An integer in any YAML 1.1 form (``0b1``, ``0x1F``, octal ``010``, sexagesimal ``1:30``), else the text."""
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    try:
        if ":" in digits:  # base 60, as in 1:30 = 90
            value = 0
            for part in digits.split(":"):
                value = value * 60 + int(part)
            return sign * value
        if digits[:2].lower() in ("0b", "0x"):
            return sign * int(digits, 0)
        if len(digits) > 1 and digits.startswith("0"):
            return sign * int(digits, 8)  # YAML 1.1 octal
        return sign * int(digits)
    except ValueError:
        return text


class Mapping(NamedTuple):
    """A mapping whose keys are plain text, in the order written."""

    items: tuple[tuple[Scalar, Node], ...]
    line: int
    col: int

    @property
    def kind(self) -> str:
        """What it is, in words."""
        return "a mapping (key: value)"


class Sequence(NamedTuple):
    """A list of nodes."""

    items: tuple[Node, ...]
    line: int
    col: int

    @property
    def kind(self) -> str:
        """What it is, in words."""
        return "a list"


Node = Scalar | Mapping | Sequence


class Document(NamedTuple):
    """A file's root node, or the problems that stopped it from being read."""

    root: Node | None
    problems: tuple[Problem, ...]


def read_file(path: Path, shown: str) -> Document:
    """Read and parse ``path``; ``shown`` is the path as the user would type it."""
    if path.is_symlink() and not path.exists():
        return _fail(shown, 1, 1, "is a link to a file that does not exist: remove the link or restore the file")
    if path.is_dir():
        try:
            os.listdir(path)
        except OSError as exc:
            return _fail(shown, 1, 1, f"cannot read this folder ({exc.strerror or exc}): fix its permissions")
        return _fail(shown, 1, 1, "is a folder, not a content file: rename it so its name does not end in .yaml")
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            return _fail(shown, 1, 1, "is not a regular file (a device, a pipe or a socket): remove it from the folder")
        size = status.st_size
        if size > MAX_FILE_BYTES:
            return _fail(
                shown, 1, 1, f"file is too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,}); split it into several files"
            )
        data = path.read_bytes()
    except OSError as exc:
        return _fail(shown, 1, 1, f"cannot read file: {exc.strerror or exc}")
    return parse_bytes(data, shown)


def parse_bytes(data: bytes, shown: str) -> Document:
    """Parse YAML given as bytes; see the module docstring for what is refused."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return _fail(shown, line, col, f"file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return _fail(shown, 1, 1, "file is empty")
    tabs = _tab_problems(text, shown)
    if tabs:
        return Document(None, tabs)
    return _Builder(text, shown).build()


def _fail(shown: str, line: int, col: int, message: str) -> Document:
    return Document(None, (Problem(shown, line, col, message, code=ProblemCode.YAML_SYNTAX),))


_TAB_INDENT = re.compile(r"^[ ]*\t", re.M)


def _tab_problems(text: str, shown: str) -> tuple[Problem, ...]:
    if not _TAB_INDENT.search(text):
        return ()  # the usual case, found without a Python loop over every line
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            problems.append(
                Problem(
                    shown,
                    number,
                    indent.index("\t") + 1,
                    "tab used for indentation; indent with spaces",
                    code=ProblemCode.YAML_SYNTAX,
                )
            )
    return tuple(problems)


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


_LIBYAML_DEPTH = "exceeded maximum nesting depth"  # libyaml's own refusal, ahead of MAX_DEPTH


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark, message: str) -> None:
        self.mark = mark
        self.message = message


class _Builder:
    """Turn the parser's event stream into nodes, refusing what we do not accept."""

    def __init__(self, text: str, shown: str) -> None:
        self.text = text
        self.shown = shown
        self.problems: list[Problem] = []
        self.depth = 0
        # One copy of each text in the file: sources, tags and options repeat from
        # entry to entry, and every entry's copies were held until loading ended.
        self.texts: dict[str, str] = {}

    def build(self) -> Document:
        """The file's nodes and the problems found in it."""
        document = self._build(_Loader)
        if _Loader is not yaml.SafeLoader and any(p.message.endswith(_LIBYAML_DEPTH) for p in document.problems):
            # libyaml (since PyYAML 6.0.4) refuses deep nesting while scanning ahead, before
            # the builder sees the level it refuses; the pure-Python parser scans no further
            # than asked, so the file gets the same message, at the same place, with any PyYAML.
            self.problems, self.depth = [], 0
            document = self._build(yaml.SafeLoader)
        return document

    def _build(self, loader: type[yaml.SafeLoader] | Any) -> Document:
        parser = loader(self.text)
        try:
            get = parser.get_event
            get()  # StreamStart
            event = get()
            if isinstance(event, yaml.StreamEndEvent):
                return _fail(self.shown, 1, 1, "file is empty")
            root = self._node(get, get())
            get()  # DocumentEnd
            extra = get()
            if not isinstance(extra, yaml.StreamEndEvent):
                raise _Refused(extra.start_mark, "only one YAML document per file: remove the '---' line")
        except _Refused as exc:
            self._add(exc.mark, exc.message)
            return Document(None, tuple(self.problems))
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            line, col, message = explain(self.text, line, col, exc.problem or exc.context or "")
            self.problems.append(
                Problem(self.shown, line, col, message, excerpt=excerpt(self.text, line, col), code=ProblemCode.YAML_SYNTAX)
            )
            return Document(None, tuple(self.problems))
        except yaml.YAMLError as exc:  # e.g. a reader error with no mark
            self.problems.append(Problem(self.shown, 1, 1, f"YAML error: {exc}", code=ProblemCode.YAML_SYNTAX))
            return Document(None, tuple(self.problems))
        finally:
            parser.dispose()
        return Document(root, tuple(self.problems))

    def _add(self, mark: yaml.Mark | None, message: str) -> None:
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        self.problems.append(Problem(self.shown, line, col, message, code=ProblemCode.YAML_SYNTAX))

    # Events come from libyaml's C parser, whose stubs type them loosely: Any, checked by type() here.
    def _node(self, get: Callable[[], Any], event: Any) -> Node:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            return self._scalar(event)
        if kind is yaml.AliasEvent:
            raise _Refused(event.start_mark, f"aliases (*{event.anchor}) are not allowed: write the value out")
        if event.anchor is not None:
            raise _Refused(event.start_mark, f"anchors (&{event.anchor}) are not allowed: write each value out")
        if event.tag is not None:
            raise _Refused(event.start_mark, f"YAML tags ({_short_tag(event.tag)}) are not allowed")
        mark = event.start_mark
        if self.depth >= MAX_DEPTH:
            raise _Refused(mark, f"lists and mappings nested more than {MAX_DEPTH} deep: an entry needs three or four levels")
        self.depth += 1
        try:
            if kind is yaml.SequenceStartEvent:
                items: list[Node] = []
                while True:
                    child = get()
                    if type(child) is yaml.SequenceEndEvent:
                        return Sequence(tuple(items), mark.line + 1, mark.column + 1)
                    items.append(self._node(get, child))
            if kind is yaml.MappingStartEvent:
                return self._mapping(get, mark.line + 1, mark.column + 1)
        finally:
            self.depth -= 1
        raise _Refused(event.start_mark, "unexpected YAML structure")  # pragma: no cover

    def _scalar(self, event: Any) -> Scalar:
        if event.anchor is not None:
            raise _Refused(event.start_mark, f"anchors (&{event.anchor}) are not allowed: write each value out")
        if event.tag is not None and event.tag != "!":
            raise _Refused(event.start_mark, f"YAML tags ({_short_tag(event.tag)}) are not allowed")
        value, plain = self.texts.setdefault(event.value, event.value), event.implicit[0]
        text_for_sure = not plain or (value and value[0] not in _MAYBE_NOT_TEXT)
        tag = _STR if text_for_sure else _resolve(yaml.ScalarNode, value, event.implicit)
        mark = event.start_mark
        return Scalar(value, tag, mark.line + 1, mark.column + 1)

    def _mapping(self, get: Callable[[], Any], line: int, col: int) -> Mapping:
        items: list[tuple[Scalar, Node]] = []
        seen: dict[str, Scalar] = {}
        merged = False  # two entries run together: their keys repeat, and are reported once
        while True:
            key_event = get()
            if type(key_event) is yaml.MappingEndEvent:
                return Mapping(tuple(items), line, col)
            key = self._node(get, key_event)
            value = self._node(get, get())
            if not isinstance(key, Scalar):
                self.problems.append(
                    Problem(
                        self.shown,
                        key.line,
                        key.col,
                        "a key must be a plain word, not a list or mapping",
                        code=ProblemCode.YAML_SYNTAX,
                    )
                )
                continue
            first = seen.get(key.text)
            if first is not None and not merged:
                if key.text == "id":  # a second entry written without its '- ': one message, not one per key
                    merged = True
                    message = (
                        f"a second 'id:' in one entry (the first is at line {first.line}): "
                        "if a new entry starts here, begin its first line with '- '"
                    )
                else:
                    message = f"duplicate key {key.text!r} (first at line {first.line})"
                self.problems.append(
                    Problem(
                        self.shown,
                        key.line,
                        key.col,
                        message,
                        excerpt=excerpt(self.text, key.line, key.col),
                        code=ProblemCode.YAML_SYNTAX,
                    )
                )
                continue
            if first is not None:
                continue
            seen[key.text] = key
            items.append((key, value))


_KEY_LINE = re.compile(r"^( *)(- +)?([A-Za-z_][\w-]*) *:( |$)")


def excerpt(text: str, line: int, col: int) -> str:
    """The line of ``text`` at ``line``, and a caret under column ``col``, indented for a message."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return ""
    return f"    {lines[line - 1]}\n    {' ' * (col - 1)}^"


def _key_indent(source: str) -> int | None:
    """The column a key starts at on a line (after any '- '), or None if the line holds no key."""
    match = _KEY_LINE.match(source)
    if match is None:
        return None
    return len(match.group(1)) + len(match.group(2) or "")


def explain(text: str, line: int, col: int, problem: str) -> tuple[int, int, str]:
    """Turn a YAML syntax error into what a person writing content should do, at the place to do it."""
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    before = [
        (n, lines[n - 1]) for n in range(line - 1, 0, -1) if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")
    ]
    above = next(((n, indent) for n, source in before for indent in (_key_indent(source),) if indent is not None), None)
    own = _key_indent(here)
    if own is not None and above is not None and own != above[1] and "- " not in here[: own + 1]:
        difference = own - above[1]
        if 0 < abs(difference) <= 2 and ("mapping values" in problem or "expected" in problem):
            more = "more" if difference > 0 else "less"
            spaces = "space" if abs(difference) == 1 else "spaces"
            return (
                line,
                own + 1,
                (
                    f"this key is indented {abs(difference)} {spaces} {more} than the key on line {above[0]}: "
                    "the keys of one entry start in the same column"
                ),
            )
    if "could not find expected ':'" in problem and before:
        number, source = before[0] if line > len(lines) or not here.strip() or _key_indent(here) is not None else (line, here)
        if ":" not in source:
            word = source.strip().split(" ")[0]
            return number, len(source) - len(source.lstrip()) + 1, f"a key needs a colon after it: write '{word}: ...'"
    if "mapping values are not allowed" in problem:
        problem += " (text that contains ': ' must be put in quotes)"
    return line, col, f"YAML syntax error: {problem}"
