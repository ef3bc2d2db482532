"""What ``callcoach insights`` does, without the CLI: read deals, links and call features from
the database, compute the report, print it as rich tables, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from rich.console import Console

from callcoach.crm.errors import CrmError
from callcoach.insights.compute import InsightSettings, compute_insights
from callcoach.insights.dataset import build_rows
from callcoach.insights.report import InsightsReport, render_terminal, to_markdown
from callcoach.insights.revenue import CallActivity, rep_correlations, rep_rows
from callcoach.model import Deal, DealLink

__all__ = ["insights_from_data", "run_insights"]


def insights_from_data(
    deals: Sequence[Deal],
    links: Sequence[DealLink],
    call_features: Mapping[str, Mapping[str, float | None]],
    activity: Sequence[CallActivity],
    settings: InsightSettings | None = None,
    rubric_id: str | None = None,
) -> InsightsReport:
    """The insights report from plain data (what ``run_insights`` reads from storage)."""
    settings = settings or InsightSettings()
    activity, unnamed = _named_reps_only(activity)
    reps_of = {a.call_id: a.reps for a in activity}
    rows = build_rows(deals, links, call_features, reps_of)
    closed = [d for d in deals if d.won is not None]
    notes = []
    if len(closed) > len(rows):
        notes.append(
            f"{len(closed) - len(rows)} of {len(closed)} closed deals have no linked call with "
            "features and are left out of the behaviour analysis (they count in the rep view)."
        )
    if unnamed:
        notes.append(
            f"{unnamed} call(s) whose rep is known only as a diarization label (such as "
            "SPEAKER_00) are left out of the rep view: give --rep, --rep-roster or a manifest "
            "when importing them."
        )
    reps = rep_rows(deals, links, activity)
    report = compute_insights(
        rows,
        reps,
        rep_correlations(reps, settings.min_reps),
        settings=settings,
        rubric_id=rubric_id,
        notes=notes,
    )
    currencies = {d.currency.upper() for d in deals if d.currency}
    return report.model_copy(
        update={
            "currency": currencies.pop() if len(currencies) == 1 else None,
            "synthetic": _synthetic(deals),
        }
    )


def _named_reps_only(activity: Sequence[CallActivity]) -> tuple[list[CallActivity], int]:
    """Calls with diarization labels (SPEAKER_00, spk_0, A) dropped from their reps, and how
    many calls had only such labels: a label is never shown as a named rep."""
    from dataclasses import replace

    from callcoach.scoring.team import is_diarization_label

    cleaned, unnamed = [], 0
    for call in activity:
        named = tuple(r for r in call.reps if not is_diarization_label(r))
        unnamed += bool(call.reps) and not named
        cleaned.append(call if named == call.reps else replace(call, reps=named))
    return cleaned, unnamed


def _synthetic(deals: Sequence[Deal]) -> str | None:
    """A notice when the deals say they are synthetic (the bundled demo CRM data does)."""
    marked = sum(1 for d in deals if "synthetic" in f"{d.name} {d.account}".lower())
    if not marked:
        return None
    return (
        f"{marked} of {len(deals)} deals are marked SYNTHETIC (generated demo data, not real "
        "people or deals): the links between behaviour and revenue were built in on purpose."
    )


def load_insights(
    db_url: str | None, rubric_id: str | None = None, min_closed_deals: int = 100
) -> InsightsReport:
    """The insights for the database at ``db_url``.

    Raises ``CrmError`` when no deals were imported, ``StorageError`` for the database.
    """
    from callcoach.storage import Repository, make_engine
    from callcoach.storage.schema import check_schema

    engine = make_engine(db_url, read_only=True)  # a read never creates or changes a database
    try:
        check_schema(engine)
        repository = Repository(engine)
        deals = repository.deals()
        if not deals:
            raise CrmError(
                "no deals in the database: import a CRM export first "
                "(callcoach crm import deals.csv --source salesforce)"
            )
        links = repository.links()
        features = repository.call_features(rubric_id)
        calls = repository.calls()
    finally:
        engine.dispose()
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


def run_insights(
    db_url: str | None,
    rubric_id: str | None = None,
    min_closed_deals: int = 100,
    as_json: bool = False,
    *,
    as_markdown: bool = False,
    console: Console | None = None,
) -> int:
    """Print the insights for the database at ``db_url``; returns the exit code (0)."""
    report = load_insights(db_url, rubric_id, min_closed_deals)
    console = console or Console(markup=False)  # CRM owner names may hold "[...]"
    if as_json:
        console.print_json(json.dumps(report.model_dump(mode="json")))
    elif as_markdown:
        console.print(
            to_markdown(report), markup=False, highlight=False, emoji=False, soft_wrap=True
        )
    else:
        render_terminal(report, console)
    return 0
