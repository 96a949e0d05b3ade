"""What the drill does with the trainee's time: which memory model schedules them, and what holding some items tighter costs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from massage_quiz.drill.memorymodel import Fitted
from massage_quiz.drill.progress import ItemState
from massage_quiz.drill.retention import Policy
from massage_quiz.drill.scheduling import REVIEW
from massage_quiz.items.item import Item


def memory_model(fitted: Fitted | None, min_items: int) -> dict[str, Any]:
    """Which parameters schedule the trainee, fitted on how many answers, and the held-out error of each set."""
    if fitted is None:
        return {"parameters": "default", "fitted": None, "needed": min_items}
    return {
        "parameters": "fitted" if fitted.adopted else "default",
        "fitted": {
            "at": datetime.fromtimestamp(fitted.fitted_at, UTC).isoformat(),
            "answers": fitted.reviews,
            "trained_on": fitted.trained_on,
            "held_out": fitted.held_out,
            "log_loss": {"fitted": round(fitted.fitted_log_loss, 4), "default": round(fitted.default_log_loss, 4)},
            "rmse": {"fitted": round(fitted.fitted_rmse, 4), "default": round(fitted.default_rmse, 4)},
            "values": list(fitted.parameters),
        },
        "needed": min_items,
    }


def retention(
    items: list[Item], states: dict[str, ItemState], rules: Policy, parameters: tuple[float, ...] | None
) -> dict[str, Any]:
    """Each group held above the default: its retention, its items, and the reviews a day it costs now against the default.

    Reviews a day are estimated from each seen item's current stability: an
    item in review comes back once per interval, so it costs 1/interval
    reviews a day; items not yet seen or still in their learning steps are
    left out of the estimate (their cost is the same at any retention).
    """
    from massage_quiz.drill.scheduling import interval

    groups: dict[str, dict[str, Any]] = {}
    for item in items:
        reason = rules.reason(item)
        if reason == "default":
            continue
        group = groups.setdefault(
            reason,
            {"name": reason, "retention": rules.of(item), "items": 0, "in_review": 0, "per_day": 0.0, "per_day_at_default": 0.0},
        )
        group["items"] += 1
        state = states.get(item.id)
        if state is None or state.state != REVIEW or not state.stability:
            continue
        group["in_review"] += 1
        group["per_day"] += 1 / interval(state.stability, group["retention"], parameters)
        group["per_day_at_default"] += 1 / interval(state.stability, rules.default, parameters)
    for group in groups.values():
        group["per_day"] = round(group["per_day"], 2)
        group["per_day_at_default"] = round(group["per_day_at_default"], 2)
    return {"default": rules.default, "held_tighter": list(groups.values())}


def render(data: dict[str, Any]) -> list[str]:
    """The memory model and the retention costs as lines for the terminal."""
    model = data["memory_model"]
    fitted = model["fitted"]
    if fitted is None:
        lines = [
            f"Memory model:   FSRS's defaults (fitted to you once {model['needed']} answers come a day or more after the one before)"
        ]
    else:
        errors = (
            f"log loss {fitted['log_loss']['fitted']} fitted, {fitted['log_loss']['default']} defaults; "
            f"RMSE {fitted['rmse']['fitted']} fitted, {fitted['rmse']['default']} defaults"
        )
        verdict = (
            "in use"
            if model["parameters"] == "fitted"
            else "not in use (FSRS's defaults predicted as well), the defaults schedule you"
        )
        lines = [
            f"Memory model:   fitted to your {fitted['answers']} answers on {fitted['at'][:10]}: {verdict}",
            f"                on your latest {fitted['held_out']} reviews, unseen by the fit: {errors}",
        ]
    held = data["retention"]
    lines.append(f"Retention:      {held['default']:.2f} for most items; held tighter:")
    for group in held["held_tighter"]:
        cost = ""
        if group["in_review"]:
            cost = (
                f": {group['per_day']:.2f} reviews a day now, against {group['per_day_at_default']:.2f} at {held['default']:.2f}"
            )
        lines.append(f"                {group['retention']:.2f} {group['name']} ({group['items']} items){cost}")
    return lines
