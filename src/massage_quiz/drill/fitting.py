"""FSRS's parameters fitted to one trainee's own reviews (by fsrs-rs, without torch), adopted only where they predict better.

The reviews are turned into FSRS's training items: one per answer given a
day or more after the one before, with the item's history up to it. The
earlier 80 % of those (by time) fit the parameters; the later 20 %, never
seen by the fit, are predicted with the fitted parameters and with FSRS's
defaults. The fitted ones are adopted only if their log loss there is no
worse; otherwise the defaults stay, and ``stats`` says so either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from massage_quiz.drill.memorymodel import Fitted
from massage_quiz.drill.scheduling import Parameters, default_parameters

if TYPE_CHECKING:
    from fsrs_rs_python import FSRSItem

    from massage_quiz.drill.progress import Store

DAY = 86_400
# FSRS items (answers a day or more after the previous one) needed before fitting: with
# fewer, the held-out fifth is too small to tell two sets of parameters apart (srs-benchmark
# finds about 50-60 reviews improve predictions of the next 100, ~200 the next 1,000).
MIN_ITEMS = 200
HELD_OUT = 0.2
# Refit once the answers on record have grown by a fifth since the last fit, and by at least this many.
REFIT_GROWTH = 0.2
REFIT_MIN_NEW = 50


class Split(NamedTuple):
    """The FSRS items to fit on, and the later ones to compare predictions on."""

    train: list[FSRSItem]
    test: list[FSRSItem]


def training_items(history: Iterable[tuple[str, int, int]]) -> list[tuple[int, FSRSItem]]:
    """FSRS items from answers (item id, seconds since the epoch, rating) in time order, each with the time of its last answer.

    Days between answers are whole elapsed days, as the drill's scheduler
    counts them; an answer on the same day (a learning step) is kept in the
    history but is not itself a prediction to fit.
    """
    from fsrs_rs_python import FSRSItem, FSRSReview

    by_item: dict[str, list[tuple[int, int]]] = {}
    for item_id, at, rating in history:
        by_item.setdefault(item_id, []).append((at, rating))
    found: list[tuple[int, FSRSItem]] = []
    for answers in by_item.values():
        reviews = []
        previous: int | None = None
        for at, rating in answers:
            elapsed = 0 if previous is None else max(at - previous, 0) // DAY
            reviews.append(FSRSReview(rating, elapsed))
            previous = at
            if len(reviews) > 1 and elapsed > 0:
                found.append((at, FSRSItem(list(reviews))))
    found.sort(key=lambda pair: pair[0])
    return found


def split(items: list[tuple[int, FSRSItem]]) -> Split:
    """The earlier items to fit on and the later ones held out, by the time of the answer they predict."""
    cut = len(items) - max(1, round(len(items) * HELD_OUT))
    return Split([i for _, i in items[:cut]], [i for _, i in items[cut:]])


def fit(history: Sequence[tuple[str, int, int]], now: int) -> Fitted | None:
    """Fit the parameters to the answers and compare them with the defaults on the held-out ones; None with too few."""
    import fsrs_rs_python

    items = training_items(history)
    if len(items) < MIN_ITEMS:
        return None
    train, test = split(items)
    defaults = default_parameters()
    fitted = bounded(fsrs_rs_python.FSRS(list(defaults)).compute_parameters(train))
    mine = fsrs_rs_python.FSRS(list(fitted)).evaluate(test)
    usual = fsrs_rs_python.FSRS(list(defaults)).evaluate(test)
    adopted = mine.log_loss <= usual.log_loss and fitted != defaults
    return Fitted(
        now, len(history), len(train), len(test), fitted, mine.log_loss, usual.log_loss, mine.rmse_bins, usual.rmse_bins, adopted
    )


def bounded(parameters: Sequence[float]) -> Parameters:
    """Parameters rounded as Anki shows them and kept within the fsrs package's bounds (fsrs-rs computes in 32-bit floats)."""
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    return tuple(
        min(max(round(p, 4), low), high)
        for p, low, high in zip(parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
    )


def due_for_refit(last: Fitted | None, reviews: int) -> bool:
    """Whether the answers on record have grown enough since the last fit (or there was none) to fit again."""
    if last is None:
        return True
    grown = reviews - last.reviews
    return grown >= REFIT_MIN_NEW and grown >= last.reviews * REFIT_GROWTH


def refit(store: Store, now: int) -> Fitted | None:
    """A new fit if the answers on record have grown enough since the last one, else None; the caller keeps it."""
    count = store.review_count()
    if count <= MIN_ITEMS:  # each FSRS item needs an answer before it: too few to fit, without reading them
        return None
    if not due_for_refit(store.memory_model(), count):
        return None
    return fit(store.history(), now)


def refresh(store: Store, now: int) -> Fitted | None:
    """Fit again if the answers on record have grown enough since the last fit; keep the fit and return it (None: no fit made)."""
    fitted = refit(store, now)
    if fitted is not None:
        store.save_memory_model(fitted)
    return fitted


def describe(fitted: Fitted) -> str:
    """One line telling the trainee what the fit found and what the drill now does."""
    better = f"log loss {fitted.fitted_log_loss:.4f} against {fitted.default_log_loss:.4f} for FSRS's defaults"
    if fitted.adopted:
        return f"Your memory model was fitted to your {fitted.reviews} answers: it predicted your latest {fitted.held_out} reviews better ({better}), so your schedule now uses it."
    return f"Your memory model was fitted to your {fitted.reviews} answers but predicted your latest {fitted.held_out} reviews no better ({better}): FSRS's defaults stay."
