"""What the web app stores besides calls: users and teams, browser sessions, API tokens,
comments and upload jobs; and the scoped call queries its routes need.

Secrets never reach this module: sessions and tokens are stored as the SHA-256 of their
random value and passwords as argon2 hashes, both computed by ``callcoach.web.security``.
Which calls a user may see is a ``CallScope`` (built by ``callcoach.web.access``): the
reps' name keys (``Rep.key``) and emails whose calls are visible, or None for every call.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    and_,
    delete,
    exists,
    false,
    func,
    select,
    true,
    update,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from callcoach.errors import StorageError
from callcoach.storage.database import short_error, storage_errors, write_session
from callcoach.storage.models import (
    Account,
    ApiTokenRow,
    CallRep,
    CallRow,
    CommentRow,
    DealLinkRow,
    DealRow,
    Rep,
    ScorecardRow,
    SpeakerRow,
    UploadJobRow,
    UserRow,
    UserTeamRow,
    WebSessionRow,
)
from callcoach.storage.records import normalize_key
from callcoach.storage.rows import of_row

__all__ = [
    "ROLES",
    "Accounts",
    "CallPage",
    "CallScope",
    "CallSummary",
    "Role",
    "StoredComment",
    "StoredToken",
    "StoredUser",
    "UploadJob",
]

Role = Literal["admin", "manager", "rep"]
ROLES: tuple[Role, ...] = ("admin", "manager", "rep")
JobStatus = Literal["queued", "running", "done", "failed"]
# A token's last use is recorded to the minute: reading it is not a write per request.
LAST_USE_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class StoredUser:
    id: int
    email: str
    name: str
    role: Role
    teams: tuple[str, ...]
    disabled: bool
    has_password: bool


@dataclass(frozen=True, slots=True)
class StoredToken:
    id: int
    user_id: int
    prefix: str
    scope: Literal["read", "write"]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class StoredComment:
    id: int
    call_id: str
    user_id: int
    author: str
    utterance_id: str | None
    finding: int | None
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class UploadJob:
    id: str
    user_id: int
    call_id: str
    filename: str
    format: str | None
    size: int
    rep: str | None
    call_type: str | None
    call_date: date | None
    status: JobStatus
    stage: str
    progress: float
    error: str | None
    created_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True, slots=True)
class CallScope:
    """The calls a user may see: those with a rep (a speaker whose role is "rep") whose name
    key (``normalize_key``) is in ``rep_keys``; ``rep_keys`` None means every call."""

    rep_keys: frozenset[str] | None

    @property
    def everything(self) -> bool:
        return self.rep_keys is None

    def allows(self, reps: Sequence[str]) -> bool:
        """Whether a call with these rep names is in scope."""
        if self.rep_keys is None:
            return True
        return any(normalize_key(name) in self.rep_keys for name in reps)

    def allows_rep(self, name: str) -> bool:
        return self.rep_keys is None or normalize_key(name) in self.rep_keys


@dataclass(frozen=True, slots=True)
class CallSummary:
    """One row of a call list: the header and the overall score of its first scorecard."""

    id: str
    title: str | None
    date: date | None
    duration_seconds: float | None
    format: str
    reps: tuple[str, ...]
    prospects: tuple[str, ...]
    account: str | None
    rubric: str | None
    overall: float | None


@dataclass(frozen=True, slots=True)
class CallPage:
    total: int
    calls: tuple[CallSummary, ...]


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    # SQLite returns naive datetimes for timezone-aware columns; they were written in UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


class Accounts:
    """Users, sessions, tokens, comments and upload jobs; scoped call queries."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with storage_errors("write to"), write_session(self._engine) as session:
            yield session

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with storage_errors("read"), Session(self._engine) as session:
            yield session

    # -- users -----------------------------------------------------------------------------

    def add_user(
        self,
        email: str,
        name: str,
        role: Role,
        password_hash: str | None,
        teams: Sequence[str] = (),
    ) -> StoredUser:
        """Create a user; ``StorageError`` when the email is taken."""
        if role not in ROLES:
            raise StorageError(f"role {role!r}: use one of {', '.join(ROLES)}")
        email = email.strip().lower()
        try:
            with write_session(self._engine) as session:
                row = UserRow(
                    email=email,
                    name=" ".join(name.split()),
                    role=role,
                    password_hash=password_hash,
                    disabled=False,
                    created_at=_now(),
                )
                session.add(row)
                session.flush()
                for team in sorted({" ".join(t.split()) for t in teams if t.strip()}):
                    session.add(UserTeamRow(user_id=row.id, team=team))
                user_id = row.id
        except IntegrityError:
            raise StorageError(f"{email}: a user with this email exists") from None
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot write to the database: {short_error(exc)}") from None
        user = self.user(user_id)
        assert user is not None
        return user

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        with self._write() as session:
            session.execute(
                update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash)
            )

    def set_disabled(self, user_id: int, disabled: bool) -> None:
        """Disable (or enable) a user; a disabled user's sessions end at once."""
        with self._write() as session:
            session.execute(update(UserRow).where(UserRow.id == user_id).values(disabled=disabled))
            if disabled:
                session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == user_id))

    def user(self, user_id: int) -> StoredUser | None:
        with self._read() as session:
            row = session.get(UserRow, user_id)
            return None if row is None else _user(session, row)

    def user_by_email(self, email: str) -> StoredUser | None:
        with self._read() as session:
            row = session.scalar(_by_email(email))
            return None if row is None else _user(session, row)

    def password_hash(self, email: str) -> tuple[StoredUser, str | None] | None:
        """The user of ``email`` and their password hash, for signing in."""
        with self._read() as session:
            row = session.scalar(_by_email(email))
            return None if row is None else (_user(session, row), row.password_hash)

    def users(self) -> list[StoredUser]:
        with self._read() as session:
            rows = session.scalars(select(UserRow).order_by(UserRow.email)).all()
            return [_user(session, row) for row in rows]

    def user_count(self) -> int:
        with self._read() as session:
            return int(session.scalar(select(func.count()).select_from(UserRow)) or 0)

    def team_members(self, teams: Sequence[str]) -> list[StoredUser]:
        """The enabled users in any of ``teams``."""
        if not teams:
            return []
        with self._read() as session:
            rows = session.scalars(
                select(UserRow).where(*_enabled_in(teams)).order_by(UserRow.name)
            ).all()
            return [_user(session, row) for row in rows]

    def team_member_names(self, teams: Sequence[str], exclude: int | None = None) -> list[str]:
        """The names of the enabled users in any of ``teams`` (one query), but ``exclude``."""
        if not teams:
            return []
        with self._read() as session:
            query = select(UserRow.name).where(*_enabled_in(teams)).order_by(UserRow.name)
            if exclude is not None:
                query = query.where(UserRow.id != exclude)
            return list(session.scalars(query))

    # -- browser sessions ------------------------------------------------------------------

    def add_session(self, user_id: int, token_hash: str, expires_at: datetime) -> None:
        with self._write() as session:
            now = _now()
            session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at < now))
            session.add(
                WebSessionRow(
                    token_hash=token_hash, user_id=user_id, created_at=now, expires_at=expires_at
                )
            )

    def session_user(self, token_hash: str) -> StoredUser | None:
        """The enabled user of an unexpired session, else None."""
        with self._read() as session:
            row = session.execute(
                select(WebSessionRow.expires_at, UserRow)
                .join(UserRow, UserRow.id == WebSessionRow.user_id)
                .where(WebSessionRow.token_hash == token_hash)
            ).first()
            if row is None:
                return None
            expires_at, user = row
            expires = _aware(expires_at)
            if user.disabled or expires is None or expires <= _now():
                return None
            return _user(session, user)

    def end_sessions(self, user_id: int) -> int:
        """Sign ``user_id`` out everywhere; the number of sessions ended."""
        with self._write() as session:
            return _delete(session, WebSessionRow, WebSessionRow.user_id == user_id)

    def delete_session(self, token_hash: str) -> None:
        with self._write() as session:
            session.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == token_hash))

    # -- API tokens ------------------------------------------------------------------------

    def add_token(
        self, user_id: int, token_hash: str, prefix: str, scope: Literal["read", "write"]
    ) -> StoredToken:
        if scope not in ("read", "write"):
            raise StorageError(f"token scope {scope!r}: use read or write")
        with self._write() as session:
            row = ApiTokenRow(
                user_id=user_id,
                token_hash=token_hash,
                prefix=prefix,
                scope=scope,
                created_at=_now(),
            )
            session.add(row)
            session.flush()
            return _token(row)

    def token_user(self, token_hash: str) -> tuple[StoredUser, StoredToken] | None:
        """The enabled user and the token of an unrevoked token hash (last use recorded)."""
        with self._read() as session:
            row = session.execute(
                select(ApiTokenRow, UserRow)
                .join(UserRow, UserRow.id == ApiTokenRow.user_id)
                .where(ApiTokenRow.token_hash == token_hash)
            ).first()
            if row is None:
                return None
            token, user = row
            if token.revoked_at is not None or user.disabled:
                return None
            found = (_user(session, user), _token(token))
        last = found[1].last_used_at
        now = _now()
        if last is None or now - last > LAST_USE_RESOLUTION:  # not a write on every request
            with self._write() as session:
                session.execute(
                    update(ApiTokenRow)
                    .where(ApiTokenRow.id == found[1].id)
                    .values(last_used_at=now)
                )
        return found

    def tokens(self, user_id: int | None = None) -> list[StoredToken]:
        with self._read() as session:
            query = select(ApiTokenRow).order_by(ApiTokenRow.id)
            if user_id is not None:
                query = query.where(ApiTokenRow.user_id == user_id)
            return [_token(row) for row in session.scalars(query)]

    def revoke_token(self, token_id: int) -> bool:
        """Revoke a token; False when there is no such unrevoked token."""
        with self._write() as session:
            result = session.execute(
                update(ApiTokenRow)
                .where(ApiTokenRow.id == token_id, ApiTokenRow.revoked_at.is_(None))
                .values(revoked_at=_now())
                .returning(ApiTokenRow.id)
            )
            return result.first() is not None

    def token_id(self, token_hash: str) -> int | None:
        with self._read() as session:
            return session.scalar(
                select(ApiTokenRow.id).where(ApiTokenRow.token_hash == token_hash)
            )

    # -- calls, within a scope -------------------------------------------------------------

    def call_in_scope(self, call_id: str, scope: CallScope) -> CallSummary | None:
        """The call's summary when it is stored and visible in ``scope``, else None (one
        answer for both, so a caller cannot tell a hidden call from a missing one)."""
        page = self.list_calls(scope, call_id=call_id, limit=1)
        return page.calls[0] if page.calls else None

    def list_calls(
        self,
        scope: CallScope,
        *,
        rep: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        min_score: float | None = None,
        max_score: float | None = None,
        limit: int = 50,
        offset: int = 0,
        call_id: str | None = None,
    ) -> CallPage:
        """Visible calls, newest first (undated last), filtered and paginated in SQL.

        ``rep`` matches a rep's name case- and space-insensitively; the score filters use
        the overall score of the call's first scorecard by rubric id (unscored calls are
        left out when a score filter is given).
        """
        first_card = (
            select(func.min(ScorecardRow.rubric_id))
            .where(ScorecardRow.call_id == CallRow.id)
            .correlate(CallRow)
            .scalar_subquery()
        )
        query = (
            select(
                CallRow.id,
                CallRow.title,
                CallRow.date,
                CallRow.duration_seconds,
                CallRow.format,
                Account.name,
                ScorecardRow.rubric_id,
                ScorecardRow.overall,
            )
            .outerjoin(Account, CallRow.account_id == Account.id)
            .outerjoin(
                ScorecardRow,
                and_(ScorecardRow.call_id == CallRow.id, ScorecardRow.rubric_id == first_card),
            )
            .where(_visible(scope))
        )
        if call_id is not None:
            query = query.where(CallRow.id == call_id)
        if rep is not None:
            query = query.where(
                exists(
                    select(CallRep.call_id)
                    .join(Rep, Rep.id == CallRep.rep_id)
                    .where(CallRep.call_id == CallRow.id, Rep.key == normalize_key(rep))
                )
            )
        if date_from is not None:
            query = query.where(CallRow.date >= date_from)
        if date_to is not None:
            query = query.where(CallRow.date <= date_to)
        if min_score is not None:
            query = query.where(ScorecardRow.overall >= min_score)
        if max_score is not None:
            query = query.where(ScorecardRow.overall <= max_score)
        with self._read() as session:
            total = session.scalar(select(func.count()).select_from(query.subquery()))
            rows = session.execute(
                query.order_by(CallRow.date.is_(None), CallRow.date.desc(), CallRow.id)
                .limit(limit)
                .offset(offset)
            ).all()
            ids = [row[0] for row in rows]
            speakers: dict[str, list[tuple[str, str]]] = {i: [] for i in ids}
            if ids:
                for call_id, name, role in session.execute(
                    select(SpeakerRow.call_id, SpeakerRow.name, SpeakerRow.role)
                    .where(SpeakerRow.call_id.in_(ids))
                    .order_by(SpeakerRow.call_id, SpeakerRow.position)
                ):
                    speakers[call_id].append((name, role))
        calls = tuple(
            CallSummary(
                id=call_id,
                title=title,
                date=day,
                duration_seconds=duration,
                format=fmt,
                reps=tuple(n for n, r in speakers[call_id] if r == "rep"),
                prospects=tuple(n for n, r in speakers[call_id] if r == "prospect"),
                account=account,
                rubric=rubric,
                overall=overall,
            )
            for call_id, title, day, duration, fmt, account, rubric, overall in rows
        )
        return CallPage(int(total or 0), calls)

    def scorecards(self, call_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """Per call id, its stored scorecards (``ScorecardOut`` as JSON), by rubric id."""
        result: dict[str, list[dict[str, Any]]] = {i: [] for i in call_ids}
        wanted = sorted(set(call_ids))
        with self._read() as session:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                for call_id, data in session.execute(
                    select(ScorecardRow.call_id, ScorecardRow.data)
                    .where(ScorecardRow.call_id.in_(chunk))
                    .order_by(ScorecardRow.call_id, ScorecardRow.rubric_id)
                ):
                    result[call_id].append(data)
        return result

    def visible_call_ids(self, scope: CallScope) -> set[str]:
        with self._read() as session:
            return set(session.scalars(select(CallRow.id).where(_visible(scope))))

    def delete_call(self, call_id: str) -> bool:
        """Delete a stored call with everything stored about it; False when absent."""
        with self._write() as session:
            return _delete(session, CallRow, CallRow.id == call_id) > 0

    def visible_deal_keys(self, scope: CallScope) -> set[tuple[str, str]] | None:
        """(source, id) of the deals linked to a visible call or owned by a visible rep;
        None for every deal."""
        if scope.rep_keys is None:
            return None
        with self._read() as session:
            linked = set(
                session.scalars(
                    select(DealLinkRow.deal_id).where(
                        DealLinkRow.call_id.in_(select(CallRow.id).where(_visible(scope)))
                    )
                )
            )
            rows = session.execute(select(DealRow.source, DealRow.id, DealRow.owner)).all()
        return {
            (source, deal_id)
            for source, deal_id, owner in rows
            if deal_id in linked or (owner and normalize_key(owner) in scope.rep_keys)
        }

    # -- comments --------------------------------------------------------------------------

    def add_comment(
        self,
        call_id: str,
        user_id: int,
        body: str,
        *,
        utterance_id: str | None = None,
        finding: int | None = None,
    ) -> StoredComment:
        with self._write() as session:
            row = CommentRow(
                call_id=call_id,
                user_id=user_id,
                utterance_id=utterance_id,
                finding=finding,
                body=body,
                created_at=_now(),
            )
            session.add(row)
            session.flush()
            comment_id = row.id
        return next(c for c in self.comments(call_id) if c.id == comment_id)

    def comments(self, call_id: str) -> list[StoredComment]:
        with self._read() as session:
            rows = session.execute(
                select(CommentRow, UserRow.name)
                .join(UserRow, UserRow.id == CommentRow.user_id)
                .where(CommentRow.call_id == call_id)
                .order_by(CommentRow.created_at, CommentRow.id)
            ).all()
        return [of_row(StoredComment, c, author=author, **_times(c)) for c, author in rows]

    def delete_comment(self, comment_id: int) -> bool:
        with self._write() as session:
            return _delete(session, CommentRow, CommentRow.id == comment_id) > 0

    # -- upload jobs -----------------------------------------------------------------------

    def add_job(
        self,
        job_id: str,
        user_id: int,
        call_id: str,
        *,
        filename: str,
        size: int,
        format: str | None,
        rep: str | None,
        call_type: str | None,
        call_date: date | None,
    ) -> UploadJob:
        with self._write() as session:
            session.add(
                UploadJobRow(
                    id=job_id,
                    user_id=user_id,
                    call_id=call_id,
                    filename=filename,
                    format=format,
                    size=size,
                    rep=rep,
                    call_type=call_type,
                    call_date=call_date,
                    status="queued",
                    stage="waiting for the analyser",
                    progress=0.0,
                    error=None,
                    created_at=_now(),
                )
            )
        job = self.job(job_id)
        assert job is not None
        return job

    def update_job(
        self,
        job_id: str,
        *,
        status: JobStatus | None = None,
        stage: str | None = None,
        progress: float | None = None,
        error: str | None = None,
    ) -> None:
        values: dict[str, Any] = {}
        if status is not None:
            values["status"] = status
            if status in ("done", "failed"):
                values["finished_at"] = _now()
        if stage is not None:
            values["stage"] = stage
        if progress is not None:
            values["progress"] = max(0.0, min(1.0, progress))
        if error is not None:
            values["error"] = error
        if values:
            with self._write() as session:
                session.execute(
                    update(UploadJobRow).where(UploadJobRow.id == job_id).values(values)
                )

    def job(self, job_id: str) -> UploadJob | None:
        with self._read() as session:
            row = session.get(UploadJobRow, job_id)
            return None if row is None else _job(row)

    def jobs(self, user_id: int | None = None, limit: int = 50) -> list[UploadJob]:
        """The newest upload jobs (of one user, or everyone's)."""
        with self._read() as session:
            query = select(UploadJobRow).order_by(UploadJobRow.created_at.desc()).limit(limit)
            if user_id is not None:
                query = query.where(UploadJobRow.user_id == user_id)
            return [_job(row) for row in session.scalars(query)]

    def unfinished_jobs(self) -> list[UploadJob]:
        """Queued or running jobs, oldest first (a restarted server picks them up again)."""
        with self._read() as session:
            rows = session.scalars(
                select(UploadJobRow)
                .where(UploadJobRow.status.in_(("queued", "running")))
                .order_by(UploadJobRow.created_at)
            )
            return [_job(row) for row in rows]


def _by_email(email: str) -> Select[UserRow]:
    """The user of ``email`` (emails are stored trimmed and in lower case)."""
    return select(UserRow).where(UserRow.email == email.strip().lower())


def _enabled_in(teams: Sequence[str]) -> tuple[ColumnElement[bool], ...]:
    """SQL: the user (``UserRow``) is enabled and in any of ``teams``."""
    members = select(UserTeamRow.user_id).where(UserTeamRow.team.in_(list(teams)))
    return (UserRow.disabled.is_(False), UserRow.id.in_(members))


def _delete(session: Session, table: Any, where: ColumnElement[bool]) -> int:
    """Delete the rows of ``table`` (a model with an ``id``) that match; how many there were."""
    return len(session.execute(delete(table).where(where).returning(table.id)).all())


def _visible(scope: CallScope) -> ColumnElement[bool]:
    """SQL: the call (``CallRow``) is visible in ``scope``."""
    if scope.rep_keys is None:
        return true()
    if not scope.rep_keys:
        return false()
    return exists(
        select(CallRep.call_id)
        .join(Rep, Rep.id == CallRep.rep_id)
        .where(CallRep.call_id == CallRow.id, Rep.key.in_(sorted(scope.rep_keys)))
    )


def _user(session: Session, row: UserRow) -> StoredUser:
    teams = session.scalars(
        select(UserTeamRow.team).where(UserTeamRow.user_id == row.id).order_by(UserTeamRow.team)
    ).all()
    role: Role = "rep"
    for known in ROLES:
        if row.role == known:
            role = known
    return StoredUser(
        id=row.id,
        email=row.email,
        name=row.name,
        role=role,
        teams=tuple(teams),
        disabled=row.disabled,
        has_password=row.password_hash is not None,
    )


def _token(row: ApiTokenRow) -> StoredToken:
    scope: Literal["read", "write"] = "write" if row.scope == "write" else "read"
    return of_row(StoredToken, row, scope=scope, **_times(row, "last_used_at", "revoked_at"))


def _job(row: UploadJobRow) -> UploadJob:
    status: JobStatus = row.status  # type: ignore[assignment]
    return of_row(UploadJob, row, status=status, **_times(row, "finished_at"))


def _times(row: Any, *optional: str) -> dict[str, datetime | None]:
    """The row's ``created_at`` and ``optional`` times, time-zone aware (SQLite drops it)."""
    created = _aware(row.created_at)
    assert created is not None
    return {"created_at": created, **{name: _aware(getattr(row, name)) for name in optional}}
