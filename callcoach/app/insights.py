"""``callcoach insights``: which behaviours go with won revenue, from the database."""

from __future__ import annotations

from pathlib import Path

from callcoach.app.database import open_repository
from callcoach.errors import CrmError
from callcoach.insights.build import insights_from_data
from callcoach.insights.compute import InsightSettings
from callcoach.insights.report import InsightsReport
from callcoach.insights.revenue import CallActivity

__all__ = ["load_insights"]


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
        links = repository.links()
        features = repository.call_features(rubric_id)
        calls = repository.calls()
    activity = [
        CallActivity(
            call_id=c.id,
            reps=c.reps,
            date=c.date,
            minutes=None if c.duration_seconds is None else c.duration_seconds / 60,
            small_talk_minutes=features.get(c.id, {}).get("small_talk_minutes"),
        )
        for c in calls
    ]
    settings = InsightSettings(min_closed_deals=min_closed_deals)
    return insights_from_data(deals, links, features, activity, settings, rubric_id)
