"""Reading what each page needs from storage, for the calls a user may see.

The page routes decide who may see which calls (``callcoach.web.access``) and pass those
calls in; everything here reads through ``Repository`` and returns the views of the sibling
modules. Nothing here knows about requests or users.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from callcoach.app.insights import insights_over
from callcoach.insights.compute import InsightSettings
from callcoach.model import Deal
from callcoach.report.html import environment
from callcoach.report.insights_html import context as insights_context
from callcoach.scoring.rubric import builtin_rubrics, load_rubric
from callcoach.storage.repository import Repository, StoredCall
from callcoach.web.views.call import CallPage, Comment, call_page
from callcoach.web.views.people import RepPage, TeamPage, rep_page, same_rep, team_page
from callcoach.web.views.rubrics import RubricView, rubric_views, usage

__all__ = [
    "InsightsView",
    "load_call_page",
    "load_insights",
    "load_rep_page",
    "load_rubrics",
    "load_team_page",
]


def load_call_page(
    repository: Repository,
    call_id: str,
    comments: Sequence[Comment] = (),
    can_comment: bool = False,
) -> CallPage:
    """``KeyError`` when the call is not stored (the route answers 404)."""
    return call_page(repository.report(call_id), comments, can_comment)


def load_rep_page(
    repository: Repository, name: str, visible: Sequence[StoredCall], rubric: str | None = None
) -> RepPage | None:
    """None when no visible call has this rep (the route answers 404: no existence leak)."""
    mine = [c for c in visible if any(same_rep(r, name) for r in c.reps)]
    if not mine:
        return None
    cards = repository.scorecards([c.id for c in mine])
    if rubric is not None:
        cards.update(repository.scorecards([c.id for c in mine], rubric))
    return rep_page(name, mine, cards, repository.overall_scores(), rubric)


def load_team_page(
    repository: Repository,
    visible: Sequence[StoredCall],
    rubric: str | None = None,
    visible_deals: Collection[tuple[str, str]] | None = None,
) -> TeamPage:
    """``visible_deals``: the (source, id) of the deals the user may see (None: every deal;
    ``Accounts.visible_deal_keys``: a manager sees the revenue of their own team)."""
    ids = {c.id for c in visible}
    cards = repository.scorecards(ids)
    if rubric is not None:
        cards.update(repository.scorecards(ids, rubric))
    features = {k: v for k, v in repository.call_features(rubric).items() if k in ids}
    deals = _deals(repository, visible_deals)
    links = [link for link in repository.links() if link.call_id in ids]
    return team_page(visible, cards, features, deals, links, rubric)


@dataclass(frozen=True, slots=True)
class InsightsView:
    rubric: str | None
    section: Markup | None  # the insights section of the team report, rendered
    reason: str  # why there is no section


def load_insights(
    repository: Repository,
    visible: Sequence[StoredCall],
    rubric: str | None = None,
    visible_deals: Collection[tuple[str, str]] | None = None,
    min_closed_deals: int = InsightSettings().min_closed_deals,
) -> InsightsView:
    """The insights report over the visible calls and deals (as ``callcoach insights``, and
    as ``/api/v1/insights``)."""
    deals = _deals(repository, visible_deals)
    if not deals:
        return InsightsView(
            rubric,
            None,
            "No CRM deals to relate behaviour to revenue yet. Import a CRM export first: "
            "callcoach crm import deals.csv --source salesforce",
        )
    report = insights_over(repository, deals, visible, rubric, min_closed_deals)
    html = (
        environment()
        .get_template("_insights.html.j2")
        .render(insights=report, **insights_context(report))
    )
    return InsightsView(rubric, Markup(html), "")  # rendered with autoescaping on


def load_rubrics(repository: Repository, visible: Sequence[StoredCall]) -> list[RubricView]:
    ids = {c.id for c in visible}
    scores = repository.overall_scores()
    used = usage(rubric_id for call_id, (rubric_id, _) in scores.items() if call_id in ids)
    return rubric_views(((name, load_rubric(name)) for name in builtin_rubrics()), used)


def _deals(repository: Repository, visible: Collection[tuple[str, str]] | None) -> list[Deal]:
    deals = repository.deals()
    return deals if visible is None else [d for d in deals if (d.source, d.id) in visible]
