"""Adding the class up: summaries counted one at a time into sums per item and a compact row per trainee.

The tally holds the sums, never the summaries, so its memory does not grow
with the class but by one small row per trainee: their counts per topic as
one array, the safety questions they missed as numbers into one list of
item ids, and their own four texts.
"""

from __future__ import annotations

import array
import collections
import operator
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, overload

from massage_quiz.catalogue.kinds import TOPICS
from massage_quiz.errors import MassageQuizError
from massage_quiz.report.exports import ATTEMPTS, DAYS, DAYS_WRONG, ID, LAPSES, TOPIC, WRONG, Summary
from massage_quiz.report.known import Known
from massage_quiz.report.ranking import (
    SAFETY,
    ClassReport,
    Missed,
    People,
    Share,
    Trainee,
    Weakness,
    neediest_first,
    topic_column,
    weakest_first,
)

MAX_BLOCKS = 8  # different sets of items counted column by column; any more are counted item by item
# The columns added up, in the order of the sums after _TRAINEES.
_COUNTED = (DAYS, DAYS_WRONG, ATTEMPTS, WRONG, LAPSES)
# The sums kept per item: trainees who answered it, days met, days whose first try was wrong, attempts, wrong, lapses.
_TRAINEES, _DAYS, _DAYS_WRONG, _ATTEMPTS, _WRONG, _LAPSES = range(6)


def _picker(positions: list[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function taking the values at ``positions`` out of a column, as a tuple (itemgetter gives one value bare)."""
    if len(positions) == 1:
        only = positions[0]
        return lambda column: (column[only],)
    return operator.itemgetter(*positions)


def _packed(columns: tuple[Sequence[Any], ...]) -> int:
    """The counted columns as one integer, each count in a field of 64 bits: adding two adds every count in C at once."""
    return int.from_bytes(b"".join(array.array("q", columns[c]).tobytes() for c in _COUNTED), sys.byteorder)


class _Block:
    """Summaries of the very same items, in the same order, added up column by column."""

    def __init__(self, ids: tuple[str, ...], topics: list[int]) -> None:
        self.ids = ids
        self.trainees = 0
        # Every counted column of every summary added as one integer (_packed): a summary's counts are never
        # negative nor anywhere near 2**63, so no field carries into the next.
        self.total = 0
        where: dict[int, list[int]] = {}
        for n, topic in enumerate(topics):
            where.setdefault(topic, []).append(n)
        self.groups = [(topic, _picker(positions)) for topic, positions in where.items()]
        self.safety: list[tuple[int, int]] = []  # (position in the summary, item number) of each safety item

    def sums(self) -> list[array.array[int]]:
        """The counted columns' sums, one array each (in the order of ``_COUNTED``)."""
        n = len(self.ids)
        # A sum below zero (read as such, field by field) means an older summary taken away was not the one added:
        # its file changed between the two reads.
        whole = array.array("q", self.total.to_bytes(8 * n * len(_COUNTED), sys.byteorder)) if self.total >= 0 else None
        if whole is None or min(whole, default=0) < 0:
            raise MassageQuizError("a summary changed while the report was being made: run the report again")
        return [whole[k * n : (k + 1) * n] for k in range(len(_COUNTED))]


class _Person(NamedTuple):
    """One trainee's row as counted, in as little memory as the report's output allows."""

    trainee: str
    name: str | None
    source: str
    exported: str
    answers: int
    topics: array.array[int]  # first tries wrong and first tries, a pair per topic number (shorter: topics not answered)
    missed: array.array[int]  # safety questions missed: (item number, first tries wrong, first tries), most missed first


def _missed_first(missed: list[tuple[int, int, int]], ids: list[str]) -> array.array[int]:
    """The safety questions missed as one flat array, most missed first (ties: the lower share missed, then the id)."""
    missed.sort(key=lambda m: (-m[1], -m[1] / m[2], ids[m[0]]))
    return array.array("i", [value for triple in missed for value in triple])


class _Misses(Sequence[Missed]):
    """A trainee's safety questions missed, each made when it is read.

    Ranking the class makes each trainee several times over, and the table
    reads a few of those missed of the few at risk: made all at once, they
    were half the time of ranking a class.
    """

    __slots__ = ("flat", "ids", "label")

    def __init__(self, flat: array.array[int], ids: list[str], label: Callable[[str], str]) -> None:
        self.flat = flat  # (item number, first tries wrong, first tries) of each, in order
        self.ids = ids
        self.label = label

    def __len__(self) -> int:
        return len(self.flat) // 3

    @overload
    def __getitem__(self, index: int) -> Missed: ...

    @overload
    def __getitem__(self, index: slice) -> list[Missed]: ...

    def __getitem__(self, index: int | slice) -> Missed | list[Missed]:
        if isinstance(index, slice):
            return [self[n] for n in range(*index.indices(len(self)))]
        k = 3 * range(len(self))[index]  # an index out of range raises IndexError, as a list's does
        item_id = self.ids[self.flat[k]]
        return Missed(item_id, self.label(item_id), self.flat[k + 1], self.flat[k + 2])


class Tally:
    """The class added up one summary at a time; of two summaries of one trainee, only the newer counts.

    Of two summaries of one trainee the one with more answers is the newer
    (answers are only ever added); on a tie the first file given counts. An
    older one already added is read again to take it away, so no summary is
    kept in memory.
    """

    def __init__(self, known: Mapping[str, Known], read: Callable[[str | Path], Summary]) -> None:
        self.known = known  # the current content's items, by id
        self.read = read
        self.sums: dict[str, list[int]] = {}  # item id -> the sums (_TRAINEES...) of summaries counted one item at a time
        self.blocks: dict[tuple[str, ...], _Block] = {}  # the same items in the same order -> their sums, column by column
        self.topic_of: dict[str, str] = {}
        self.ids: list[str] = []  # every item id met, by number: a trainee's missed questions are these numbers
        self.numbers: dict[str, int] = {}
        self.topics: dict[str, int] = {}  # every topic met, by number: a trainee's counts are in this order
        self.days: dict[str, str] = {}  # the one copy of each day of export: a class exports on a few days
        self.people: dict[str, _Person] = {}
        self.warnings: list[str] = []

    def add(self, path: str | Path) -> None:
        """Read the summary at ``path`` and count it, unless a newer summary of the same trainee is counted already."""
        summary = self.read(path)
        other = self.people.get(summary.trainee)
        if other is not None:
            if other.source == summary.source:
                self.warnings.append(f"warning: {summary.source} is given twice: it is counted once")
                return
            answers = summary.answers
            if other.answers == answers:
                self.warnings.append(
                    f"warning: {other.source} and {summary.source} are one trainee's summary with the same answers: counted once"
                )
                return
            if other.answers > answers:
                self.warnings.append(
                    f"warning: {summary.source} and {other.source} are from the same trainee: only {other.source}, the newer, is counted"
                )
                return
            self.warnings.append(
                f"warning: {other.source} and {summary.source} are from the same trainee: only {summary.source}, the newer, is counted"
            )
        self._count(summary)
        del summary  # before the older summary is read again: one summary's items in memory at a time
        if other is not None:
            self._take_away(other)

    def _take_away(self, person: _Person) -> None:
        """Take an older summary's counts away again (its trainee's row is the newer one's already)."""
        again = self.read(person.source)
        if again.trainee != person.trainee or again.answers != person.answers:
            raise MassageQuizError(f"{person.source} changed while the report was being made: run the report again")
        columns = again.columns
        block = self.blocks.get(again.ids)
        if block is not None:
            block.trainees -= 1
            block.total -= _packed(columns)
            return
        sums = self.sums
        for item_id, *counts in zip(columns[ID], *(columns[c] for c in _COUNTED), strict=True):
            row = sums[item_id]
            row[_TRAINEES] -= 1
            for n, count in enumerate(counts, start=1):
                row[n] -= count
            if not row[_TRAINEES]:
                del sums[item_id]

    def _topic_of(self, item_id: str, given: str) -> str:
        """The item's topic in the current content, else as the summary gives it (the first summary to name it)."""
        topic = self.topic_of.get(item_id)
        if topic is None:
            item = self.known.get(item_id)
            topic = self.topic_of[item_id] = given if item is None else item.topic
            self.topics.setdefault(topic, len(self.topics))
        return topic

    def _number(self, item_id: str) -> int:
        """The item's number in ``ids``, given at the first summary naming it."""
        number = self.numbers.get(item_id)
        if number is None:
            number = self.numbers[item_id] = len(self.ids)
            self.ids.append(item_id)
        return number

    def _count(self, summary: Summary) -> None:
        columns = summary.columns
        ids = summary.ids
        block = self.blocks.get(ids)
        if block is None and ids and len(self.blocks) < MAX_BLOCKS:
            block = self._block(ids, columns[TOPIC])
        topics = array.array("q", bytes(16 * len(self.topics)))
        if block is None:
            missed = self._count_each(columns, topics)
        else:
            # The whole course answered by everyone, or most of it: whole columns added up in C.
            block.trainees += 1
            block.total += _packed(columns)
            days, days_wrong = columns[DAYS], columns[DAYS_WRONG]
            for topic, pick in block.groups:
                topics[2 * topic] = sum(pick(days_wrong))
                topics[2 * topic + 1] = sum(pick(days))
            missed = [(number, days_wrong[n], days[n]) for n, number in block.safety if days_wrong[n]]
        exported = self.days.setdefault(summary.exported, summary.exported)
        self.people[summary.trainee] = _Person(
            summary.trainee,
            summary.name,
            summary.source,
            exported,
            sum(columns[ATTEMPTS]),
            topics,
            _missed_first(missed, self.ids),
        )

    def _block(self, ids: tuple[str, ...], given: Sequence[str]) -> _Block:
        topics = [self._topic_of(i, t) for i, t in zip(ids, given, strict=True)]
        block = self.blocks[ids] = _Block(ids, [self.topics[t] for t in topics])
        block.safety = [(n, self._number(i)) for n, (i, t) in enumerate(zip(ids, topics, strict=True)) if t == SAFETY]
        return block

    def _count_each(self, columns: tuple[Sequence[Any], ...], topics: array.array[int]) -> list[tuple[int, int, int]]:
        """Count a summary item by item into the sums and ``topics``; the safety questions missed at a first try."""
        sums, topic_of = self.sums, self.topic_of
        missed = []
        for item_id, given, days, days_wrong, attempts, wrong, lapses in zip(
            columns[ID], columns[TOPIC], *(columns[c] for c in _COUNTED), strict=True
        ):
            topic = topic_of.get(item_id) or self._topic_of(item_id, given)
            row = sums.get(item_id)
            if row is None:
                row = sums[item_id] = [0, 0, 0, 0, 0, 0]
            row[_TRAINEES] += 1
            row[_DAYS] += days
            row[_DAYS_WRONG] += days_wrong
            row[_ATTEMPTS] += attempts
            row[_WRONG] += wrong
            row[_LAPSES] += lapses
            number = 2 * self.topics[topic]
            if number >= len(topics):  # a topic first met in this summary
                topics.extend([0] * (number + 2 - len(topics)))
            topics[number] += days_wrong
            topics[number + 1] += days
            if days_wrong and topic == SAFETY:
                missed.append((self._number(item_id), days_wrong, days))
        return missed

    def _merged(self) -> dict[str, list[int]]:
        """Every item's sums, those counted column by column added in."""
        merged = {key: list(row) for key, row in self.sums.items()}
        for block in self.blocks.values():
            if not block.trainees:
                continue
            counted = block.sums()
            for n, item_id in enumerate(block.ids):
                row = merged.get(item_id)
                if row is None:
                    row = merged[item_id] = [0, 0, 0, 0, 0, 0]
                row[_TRAINEES] += block.trainees
                for k, sums in enumerate(counted, start=1):
                    row[k] += sums[n]
        return merged

    def report(self) -> ClassReport:
        """The class report of everything counted."""
        merged = self._merged()
        items = sorted((self._item(key, row) for key, row in merged.items()), key=weakest_first)
        topics = [
            self._topic(topic, [w for w in items if w.topic == topic])
            for topic in dict.fromkeys(self.topic_of[k] for k in merged)
        ]
        people = list(self.people.values())
        days = sorted(p.exported for p in people)
        named = [p.name or Path(p.source).name for p in people]
        times = collections.Counter(named)
        # Two trainees who gave the same name are told apart by their files.
        rows = [
            (person, shown if times[shown] == 1 else f"{shown} ({person.source})")
            for person, shown in zip(people, named, strict=True)
        ]
        del named, times
        columns = sorted(self.topics.items(), key=lambda pair: topic_column(pair[0]))
        trainees = People(rows, lambda row: self._trainee(row, columns))
        # Each trainee made for a moment, to be ranked, and let go: only the rows stay.
        order = sorted(range(len(rows)), key=lambda n: neediest_first(trainees[n]))
        return ClassReport(
            len(people),
            tuple(sorted(p.name for p in people if p.name)),
            days[0] if days else "",
            days[-1] if days else "",
            People([rows[n] for n in order], trainees.make),
            tuple(sorted(topics, key=weakest_first)),
            tuple(items),
        )

    def _trainee(self, row: tuple[_Person, str], columns: list[tuple[str, int]]) -> Trainee:
        person, shown = row
        counts, missed, ids = person.topics, person.missed, self.ids
        return Trainee(
            person.trainee,
            person.name,
            person.source,
            shown,
            person.exported,
            {topic: Share(counts[2 * n], counts[2 * n + 1]) for topic, n in columns if 2 * n < len(counts) and counts[2 * n + 1]},
            _Misses(missed, ids, self._label),
        )

    def _label(self, key: str) -> str:
        item = self.known.get(key)
        return key if item is None else item.label

    def _item(self, key: str, row: list[int]) -> Weakness:
        return Weakness(
            key,
            self._label(key),
            self.topic_of[key],
            key in self.known,
            row[_TRAINEES],
            row[_DAYS],
            row[_DAYS_WRONG],
            row[_ATTEMPTS],
            row[_WRONG],
            row[_LAPSES],
        )

    def _topic(self, topic: str, items: list[Weakness]) -> Weakness:
        number = 2 * self.topics[topic] + 1
        return Weakness(
            topic,
            topic,
            topic,
            topic in TOPICS,
            sum(number < len(p.topics) and p.topics[number] > 0 for p in self.people.values()),
            sum(w.days for w in items),
            sum(w.days_wrong for w in items),
            sum(w.attempts for w in items),
            sum(w.wrong for w in items),
            sum(w.lapses for w in items),
        )
