"""One trainee, one memory model: the course deck's Anki preset gets the parameters and the desired retention the drill uses.

massage-quiz fits the parameters (on every answer, the terminal's and, once
synced, Anki's); Anki's preset only receives them, and its answered cards'
memory states are recomputed with them, as the drill's items were. Anki
holds one desired retention per preset (or deck), not per card: the preset
gets the trainee's own, and the items held tighter (contraindications, red
flags) are rescheduled at theirs whenever the drill's answers are sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from massage_quiz.drill.scheduling import Schedule
from massage_quiz.sync.exchange import anki_memory
from massage_quiz.sync.local import database, decks_of

if TYPE_CHECKING:
    from anki.collection import Collection
    from anki.decks import DeckConfigDict

PRESET_NAME = "massage-quiz"
DEFAULT_PRESET = 1  # Anki's "Default" preset, which the trainee's other decks may share


def share(col: Collection, card_ids: Iterable[int], schedule: Schedule) -> None:
    """Give the decks holding these cards a preset of their own with the drill's parameters and retention."""
    share_decks(col, decks_of(col, card_ids), schedule)


def share_decks(col: Collection, decks: Iterable[int], schedule: Schedule) -> bool:
    """Give these decks a preset of their own with the drill's parameters and retention; True if any was changed."""
    changed = False
    for did in decks:
        deck = col.decks.get(did)  # type: ignore[arg-type]  # DeckId is a NewType of int
        if deck is None or deck.get("dyn"):
            continue  # a filtered deck borrows its cards' home decks' options
        config = col.decks.config_dict_for_deck_id(did)  # type: ignore[arg-type]  # DeckId is a NewType of int
        if int(config["id"]) == DEFAULT_PRESET:
            # Never change the options of the trainee's other decks: the course gets its own preset.
            own = col.decks.get_config(col.decks.add_config_returning_id(PRESET_NAME, clone_from=config))
            assert own is not None, "the preset was just made"
            config = own
            deck["conf"] = config["id"]
            col.decks.save(deck)
            changed = True
        wanted = [] if schedule.parameters is None else list(schedule.parameters)  # [] is FSRS's defaults in Anki
        if config.get("fsrsParams6") != wanted:
            config["fsrsParams6"], config["desiredRetention"] = wanted, schedule.retention
            # The preset and its cards' memory states together, or neither: a run stopped between the
            # two would leave memory states of the old parameters that no later sync would recompute.
            database(col).transact(partial(_new_parameters, col, config))
            changed = True
        elif config.get("desiredRetention") != schedule.retention:
            config["desiredRetention"] = schedule.retention
            col.decks.update_config(config)
            changed = True
    return changed


def _new_parameters(col: Collection, config: DeckConfigDict) -> None:
    """Give the preset its new parameters and recompute the memory state of every answered card it schedules, as Anki's deck options do.

    When a preset's parameters change in Anki's deck options, Anki computes
    each card's stability and difficulty again from its review log with the
    new ones, and leaves its due date (unless asked to reschedule). The drill
    does the same to its items when a fit changes its parameters
    (``Store.save_memory_model``), so both sides hold one memory state per card.
    """
    col.decks.update_config(config)
    decks = ", ".join(str(int(did)) for did in col.decks.decks_using_config(config))
    if not decks:
        return
    answered = database(col).list(
        f"""select id from cards where (did in ({decks}) or odid in ({decks}))
            and id in (select cid from revlog where ease between 1 and 4)"""
    )
    remembered = (anki_memory(col, cid) for cid in answered)
    col.update_cards([found[0] for found in remembered if found is not None], skip_undo_entry=True)  # one engine call for all
