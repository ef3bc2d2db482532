"""The insights report from plain data: deals, links, call features and call activity.

Pure: the application layer (``callcoach.app.insights``) reads these from the database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from callcoach.insights.compute import InsightSettings, compute_insights
from callcoach.insights.dataset import build_rows
from callcoach.insights.report import InsightsReport
from callcoach.insights.revenue import CallActivity, rep_correlations, rep_rows
from callcoach.model import Deal, DealLink

__all__ = ["insights_from_data", "is_synthetic", "synthetic_notice"]


def insights_from_data(
    deals: Sequence[Deal],
    links: Sequence[DealLink],
    call_features: Mapping[str, Mapping[str, float | None]],
    activity: Sequence[CallActivity],
    settings: InsightSettings | None = None,
    rubric_id: str | None = None,
) -> InsightsReport:
    """The insights report from plain data (what ``app.insights.load_insights`` reads from
    storage)."""
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
            "synthetic": synthetic_notice(deals),
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


def is_synthetic(deal: Deal) -> bool:
    """The deal says it is synthetic (the bundled demo CRM data marks every deal so)."""
    return "synthetic" in f"{deal.name} {deal.account}".lower()


def synthetic_notice(deals: Sequence[Deal]) -> str | None:
    """A notice when the deals say they are synthetic (None when none does)."""
    marked = sum(1 for d in deals if is_synthetic(d))
    if not marked:
        return None
    return (
        f"{marked} of {len(deals)} deals are marked SYNTHETIC (generated demo data, not real "
        "people or deals): the links between behaviour and revenue were built in on purpose."
    )
