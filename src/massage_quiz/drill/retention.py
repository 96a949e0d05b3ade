"""How well each item must be remembered: a desired retention per topic and tag, safety facts held tighter.

Forgetting a contraindication or a red flag can hurt a client; forgetting
an effect of a technique cannot. Those are held at 0.95 unless the
instructor's ``course.yaml`` says otherwise: an item due in 100 days at
0.90 comes back in about 46 at 0.95. A setting raises an item above the
trainee's own retention, never below it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from massage_quiz.items.item import Item

SAFETY_RETENTION = 0.95
DEFAULT_TOPICS: Mapping[str, float] = {"contraindications": SAFETY_RETENTION}
# Quiz questions about a contraindication carry its tag; red flags may sit in any topic.
DEFAULT_TAGS: Mapping[str, float] = {"contraindication": SAFETY_RETENTION, "red-flag": SAFETY_RETENTION}


class Policy(NamedTuple):
    """The trainee's desired retention, and the higher ones some topics and tags are held at."""

    default: float
    topics: Mapping[str, float]
    tags: Mapping[str, float]

    def of(self, item: Item) -> float:
        """The desired retention ``item`` is scheduled at: the highest that applies to it."""
        raised = [self.topics.get(item.topic, 0.0), *(self.tags.get(tag, 0.0) for tag in item.tags)]
        return max(self.default, *raised)

    def retentions(self, items: Iterable[Item]) -> dict[str, float]:
        """Each item's desired retention, for the items held above the default."""
        found = {item.id: self.of(item) for item in items}
        return {item_id: value for item_id, value in found.items() if value != self.default}

    def reason(self, item: Item) -> str:
        """What sets the item's retention: its topic, a tag, or the default."""
        value = self.of(item)
        if value == self.default:
            return "default"
        if self.topics.get(item.topic) == value:
            return f"topic {item.topic}"
        return "tag " + next(tag for tag in item.tags if self.tags.get(tag) == value)


def policy(default: float, content_dirs: tuple[str, ...] = ()) -> Policy:
    """The built-in safety settings overlaid by each installed course's, then by the ``course.yaml`` of each instructor folder (the last wins per name)."""
    from massage_quiz.catalogue.folders import instructor_folders
    from massage_quiz.course.installed import retentions

    topics, tags = dict(DEFAULT_TOPICS), dict(DEFAULT_TAGS)
    for given in retentions():  # checked when the course was installed
        topics.update(given.get("topics", {}))
        tags.update(given.get("tags", {}))
    folders = instructor_folders(content_dirs)
    if folders:  # the trainee's usual start (the bundled content and installed courses) reads no YAML
        from massage_quiz.catalogue.coursefile import retention

        for folder in folders:
            given = retention(folder)
            topics.update(given["topics"])
            tags.update(given["tags"])
    return Policy(default, topics, tags)
