"""One fit of FSRS's parameters to a trainee's answers, as the progress file keeps it (a record light enough for every start)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import NamedTuple

from massage_quiz.drill.scheduling import Parameters


class Fitted(NamedTuple):
    """One fit: the parameters, what it was fitted on, and how each set predicted the held-out reviews."""

    fitted_at: int  # seconds since the epoch, UTC
    reviews: int  # answers on record
    trained_on: int  # FSRS items fitted on
    held_out: int  # later FSRS items predicted by both sets
    parameters: Parameters
    fitted_log_loss: float
    default_log_loss: float
    fitted_rmse: float
    default_rmse: float
    adopted: bool

    def as_row(self) -> tuple[object, ...]:
        """The fit as a row of the progress file's memory_model table."""
        return (*self[:4], json.dumps(list(self.parameters)), *self[5:9], int(self.adopted))

    @classmethod
    def from_row(cls, row: Sequence[object]) -> Fitted:
        """A fit read back from its row."""
        parameters = tuple(float(p) for p in json.loads(str(row[4])))
        fitted_loss, default_loss, fitted_rmse, default_rmse = (float(str(v)) for v in row[5:9])
        at, reviews, trained_on, held_out = (int(str(v)) for v in row[:4])
        return cls(
            at, reviews, trained_on, held_out, parameters, fitted_loss, default_loss, fitted_rmse, default_rmse, bool(row[9])
        )
