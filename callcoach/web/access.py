"""Authorization: the ONE place that decides who may see and change what.

- An admin sees and changes everything.
- A manager sees the calls of the reps on their teams (users sharing a team with them,
  ``callcoach user add … --team T``) and their own calls; they may delete those calls and
  comment on them.
- A rep sees only the calls attributed to them: a call is a rep's when one of its speakers
  with the role "rep" has the user's name (case- and space-insensitive). The SQL filter
  (``visible_calls_filter``) and the Python checks decide alike.

Every route asks here; a call the user may not see is answered like a missing one (404), so
its existence does not leak. Routes that list calls filter with ``visible_calls_filter``
(SQL) or ``can_see_call`` (in Python).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from callcoach.storage.accounts import CallScope
from callcoach.storage.records import normalize_key
from callcoach.web.auth import WebUser

__all__ = [
    "CallLike",
    "can_comment",
    "can_delete_call",
    "can_see_call",
    "can_see_deal",
    "can_see_rep",
    "upload_rep",
    "visible_calls_filter",
]


class CallLike(Protocol):
    """Anything with the rep names of a call (``StoredCall``, ``CallSummary`` …)."""

    @property
    def reps(self) -> Sequence[str]: ...


def visible_calls_filter(user: WebUser) -> CallScope:
    """The calls ``user`` may see, as a filter for ``callcoach.storage.accounts`` queries."""
    if user.role == "admin":
        return CallScope(None)
    names = (user.name, *user.team_reps) if user.role == "manager" else (user.name,)
    return CallScope(frozenset(normalize_key(n) for n in names if n.strip()))


def can_see_call(user: WebUser, call: CallLike) -> bool:
    return visible_calls_filter(user).allows(call.reps)


def can_see_rep(user: WebUser, rep: str) -> bool:
    """Whether ``user`` may see the rep named ``rep`` (their scores and calls)."""
    return visible_calls_filter(user).allows_rep(rep)


def can_delete_call(user: WebUser, call: CallLike) -> bool:
    """Admins and managers may delete the calls they see; reps may not delete calls."""
    return user.role in ("admin", "manager") and can_see_call(user, call)


def can_comment(user: WebUser, call: CallLike) -> bool:
    """Admins and managers comment on the calls they see (a rep reads the comments)."""
    return user.role in ("admin", "manager") and can_see_call(user, call)


def can_see_deal(
    user: WebUser, deal_key: tuple[str, str], visible: set[tuple[str, str]] | None
) -> bool:
    """``visible`` is ``Accounts.visible_deal_keys(visible_calls_filter(user))``."""
    return visible is None or deal_key in visible


def upload_rep(user: WebUser, requested: str | None) -> str | None:
    """Who an upload by ``user`` is attributed to; ``PermissionError`` when not allowed.

    A rep's uploads are theirs (they may name only themselves). A manager may name
    themselves or a rep on their teams; without a name, the roles are guessed and the call
    is visible to them only when a rep on their teams is found on it. An admin may name anyone.
    """
    name = " ".join(requested.split()) if requested else None
    if user.role == "admin":
        return name
    if user.role == "rep":
        if name is not None and normalize_key(name) != normalize_key(user.name):
            raise PermissionError("a rep can upload only their own calls")
        return user.name
    if name is not None and not can_see_rep(user, name):
        raise PermissionError(f"{name} is not on your teams")
    return name
