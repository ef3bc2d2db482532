"""``callcoach insights``: which behaviours go with won revenue, from the database."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from callcoach.app.database import open_repository
from callcoach.errors import CrmError
from callcoach.insights.build import insights_from_data
from callcoach.insights.compute import InsightSettings
from callcoach.insights.report import InsightsReport
from callcoach.insights.revenue import CallActivity

if TYPE_CHECKING:
    from callcoach.model import Deal
    from callcoach.storage.repository import Repository, StoredCall

__all__ = ["insights_over", "load_insights"]


def load_insights(
    db_url: str | Path | None, rubric_id: str | None = None, min_closed_deals: int = 100
) -> InsightsReport:
    """The insights for the database at ``db_url`` (read only: nothing is created).

    Raises ``CrmError`` when no deals were imported, ``StorageError`` for the database.
    """
    with open_repository(db_url, "read") as repository:
        deals = repository.deals()
        if not deals:
            raise CrmError(
                "no deals in the database: import a CRM export first "
                "(callcoach crm import deals.csv --source salesforce)"
            )
        return insights_over(repository, deals, repository.calls(), rubric_id, min_closed_deals)


def insights_over(
    repository: Repository,
    deals: Sequence[Deal],
    calls: Iterable[StoredCall],
    rubric_id: str | None = None,
    min_closed_deals: int = 100,
) -> InsightsReport:
    """The insights over ``deals`` and ``calls`` only (what one user may see, in the web app;
    everything, for ``callcoach insights``): links and features of other calls are left out."""
    visible = list(calls)
    ids = {c.id for c in visible}
    links = [link for link in repository.links() if link.call_id in ids]
    features = {k: v for k, v in repository.call_features(rubric_id).items() if k in ids}
    activity = [
        CallActivity(
            call_id=c.id,
            reps=c.reps,
            date=c.date,
            minutes=None if c.duration_seconds is None else c.duration_seconds / 60,
            small_talk_minutes=features.get(c.id, {}).get("small_talk_minutes"),
        )
        for c in visible
    ]
    settings = InsightSettings(min_closed_deals=min_closed_deals)
    return insights_from_data(deals, links, features, activity, settings, rubric_id)
