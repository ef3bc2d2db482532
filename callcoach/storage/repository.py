"""The typed API to stored calls, deals and links. Other packages use this, never the tables.

``Repository(engine)`` runs every write in its own transaction; ``Repository(session)``
writes inside the caller's transaction (in a savepoint) and leaves the commit to it.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, TypeVar

from sqlalchemy import Engine, Table, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from callcoach.errors import StorageError
from callcoach.insights.features import (
    Card,
    CriterionValue,
    Labelled,
    MetricValue,
    Span,
    call_features,
)
from callcoach.model import Deal, DealLink
from callcoach.model.analysis import Analysis
from callcoach.schema.analysis import AnalysisReport, FindingOut, ScorecardOut, SpeakerOut
from callcoach.storage.database import storage_errors, write_session
from callcoach.storage.models import (
    Account,
    CallRep,
    CallRow,
    DealLinkRow,
    DealRow,
    FindingRow,
    Rep,
    ScorecardRow,
    SpeakerRow,
    UtteranceRow,
)
from callcoach.storage.records import (
    CallRecord,
    UtteranceRecord,
    account_of,
    link_record,
    normalize_key,
    record_from_analysis,
    report_from_record,
)
from callcoach.storage.rows import (
    call_values,
    deal_of_row,
    deal_values,
    finding_rows,
    link_of_row,
    record_of_rows,
    scorecard_rows,
    speaker_rows,
    stored_email,
    utterance_rows,
)

__all__ = ["Repository", "StoredAccount", "StoredCall", "StoredRep"]


@dataclass(frozen=True, slots=True)
class StoredCall:
    """A stored call's header: who was on it and what it was about (no transcript)."""

    id: str
    source: str
    format: str
    title: str | None
    date: date | None
    duration_seconds: float | None
    reps: tuple[str, ...]
    prospects: tuple[str, ...]
    emails: tuple[str, ...]  # every participant email known, reps' included
    account: str | None
    metadata: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "metadata", MappingProxyType(dict(self.metadata)))


@dataclass(frozen=True, slots=True)
class StoredRep:
    name: str
    email: str | None
    calls: int


@dataclass(frozen=True, slots=True)
class DealSync:
    """What ``sync_deals`` changed."""

    added: int
    updated: int
    removed: int


@dataclass(frozen=True, slots=True)
class LinkSync:
    """What ``replace_all_links`` changed."""

    added: int
    removed: int
    changed: int


@dataclass(frozen=True, slots=True)
class StoredAccount:
    name: str
    calls: int
    deals: int


class Repository:
    """Stored calls, deals and links, on SQLite or PostgreSQL alike."""

    def __init__(self, target: Engine | Session) -> None:
        self._session = target if isinstance(target, Session) else None
        self._engine = target if isinstance(target, Engine) else None

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with storage_errors("write to"):
            if self._session is not None:
                with self._session.begin_nested():
                    yield self._session
            else:
                assert self._engine is not None
                with write_session(self._engine) as session:
                    yield session

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with storage_errors("read"):
            if self._session is not None:
                yield self._session
            else:
                with Session(self._engine) as session:
                    yield session

    # -- calls -----------------------------------------------------------------------------

    def add_analysis(
        self,
        analysis: Analysis,
        report: AnalysisReport | None = None,
        import_id: int | None = None,
    ) -> bool:
        """Store an analysed call with everything needed to rebuild its report (``report``,
        its ``build_report``, saves building it again).

        Returns False, changing nothing, when a call with the same content hash is stored.
        """
        return self.add_record(record_from_analysis(analysis, report), import_id)

    def add_record(
        self, record: CallRecord | Mapping[str, Any], import_id: int | None = None
    ) -> bool:
        """Store a call record (a ``CallRecord``, or its JSON form, which is validated first);
        False when that call id is already stored."""
        if not isinstance(record, CallRecord):
            record = CallRecord.model_validate(dict(record))
        with self._write() as session:
            return _insert_call(session, record, import_id)

    def has_call(self, call_id: str) -> bool:
        with self._read() as session:
            return session.get(CallRow, call_id) is not None

    def call_ids(self) -> list[str]:
        with self._read() as session:
            return list(session.scalars(select(CallRow.id).order_by(CallRow.id)))

    def record(self, call_id: str) -> CallRecord:
        """The full record of a stored call; ``KeyError`` when it is not stored."""
        with self._read() as session:
            return _read_record(session, call_id)

    def report(self, call_id: str) -> AnalysisReport:
        """The ``callcoach analyze`` report of a stored call, rebuilt from the database."""
        from callcoach import __version__

        return report_from_record(self.record(call_id), f"callcoach {__version__}")

    def utterance_count(self, call_id: str) -> int:
        with self._read() as session:
            count = session.scalar(
                select(func.count())
                .select_from(UtteranceRow)
                .where(UtteranceRow.call_id == call_id)
            )
            return int(count or 0)

    def calls(self) -> list[StoredCall]:
        """Every stored call's header, ordered by date (undated last), then id."""
        with self._read() as session:
            rows = session.execute(
                select(CallRow, Account.name).outerjoin(Account, CallRow.account_id == Account.id)
            ).all()
            speakers: dict[str, list[SpeakerRow]] = defaultdict(list)
            for speaker in session.scalars(select(SpeakerRow).order_by(SpeakerRow.position)):
                speakers[speaker.call_id].append(speaker)
        result = [
            StoredCall(
                id=row.id,
                source=row.source,
                format=row.format,
                title=row.title,
                date=row.date,
                duration_seconds=row.duration_seconds,
                reps=tuple(s.name for s in speakers[row.id] if s.role == "rep"),
                prospects=tuple(s.name for s in speakers[row.id] if s.role == "prospect"),
                emails=tuple(s.email for s in speakers[row.id] if s.email),
                account=account,
                metadata=row.metadata_,
            )
            for row, account in rows
        ]
        return sorted(result, key=lambda c: (c.date is None, c.date or date.min, c.id))

    def overall_scores(self) -> dict[str, tuple[str, float | None]]:
        """Per scored call id, (rubric id, overall score) of its first scorecard by rubric id:
        what a list of calls shows, without reading any scorecard's criteria."""
        with self._read() as session:
            rows = session.execute(
                select(ScorecardRow.call_id, ScorecardRow.rubric_id, ScorecardRow.overall).order_by(
                    ScorecardRow.call_id, ScorecardRow.rubric_id
                )
            ).all()
        result: dict[str, tuple[str, float | None]] = {}
        for call_id, rubric_id, overall in rows:
            result.setdefault(call_id, (rubric_id, overall))
        return result

    def scorecards(
        self, call_ids: Collection[str], rubric_id: str | None = None
    ) -> dict[str, dict[str, Any]]:
        """Per call id in ``call_ids``, its stored scorecard (``ScorecardOut`` as JSON) of
        ``rubric_id`` (None: the call's first by rubric id); calls without one are absent."""
        wanted = sorted(set(call_ids))
        result: dict[str, dict[str, Any]] = {}
        with self._read() as session:
            for chunk in _batched(wanted, _BATCH):
                query = select(ScorecardRow.call_id, ScorecardRow.rubric_id, ScorecardRow.data)
                query = query.where(ScorecardRow.call_id.in_(chunk))
                if rubric_id is not None:
                    query = query.where(ScorecardRow.rubric_id == rubric_id)
                for call_id, _, data in session.execute(
                    query.order_by(ScorecardRow.call_id, ScorecardRow.rubric_id)
                ):
                    result.setdefault(call_id, data)
        return result

    def call_features(self, rubric_id: str | None = None) -> dict[str, dict[str, float | None]]:
        """Per call id, every number insights can relate to outcomes, by the rules of
        ``insights.features.call_features`` (the numbers ``features_from_analysis`` gives).

        The scorecard is that of ``rubric_id`` (None: the call's only scorecard, or the first
        by rubric id); ``count:<detector>:<label>`` covers every label a detector produced on
        any call (0 on calls where it ran and found none of it, absent where it did not run).
        """
        with self._read() as session:
            calls = session.execute(
                select(CallRow.id, CallRow.duration_seconds, CallRow.metrics, CallRow.detectors)
            ).all()
            rows = session.execute(
                select(
                    FindingRow.call_id, FindingRow.detector, FindingRow.label, FindingRow.evidence
                ).order_by(FindingRow.call_id, FindingRow.position)
            ).all()
            cards = session.execute(
                select(ScorecardRow.call_id, ScorecardRow.rubric_id, ScorecardRow.data).order_by(
                    ScorecardRow.call_id, ScorecardRow.rubric_id
                )
            ).all()
        labels: dict[str, set[str]] = defaultdict(set)
        findings: dict[str, list[Labelled]] = defaultdict(list)
        for call_id, detector, label, evidence in rows:
            labels[detector].add(label)
            spans = tuple(Span(e["utterance_id"], e.get("start"), e.get("end")) for e in evidence)
            findings[call_id].append(Labelled(detector, label, spans))
        scorecard: dict[str, Card] = {}
        for call_id, card_rubric, data in cards:
            if (rubric_id is None and call_id not in scorecard) or card_rubric == rubric_id:
                criteria = tuple(CriterionValue(c["id"], c["score"]) for c in data["criteria"])
                scorecard[call_id] = Card(data["overall"], criteria)
        return {
            call_id: call_features(
                metrics=[MetricValue(m["name"], m["value"]) for m in metrics],
                detectors=detectors,
                findings=findings.get(call_id, ()),
                scorecard=scorecard.get(call_id),
                duration_seconds=duration,
                labels=labels,
            )
            for call_id, duration, metrics, detectors in calls
        }

    # -- deals and links -------------------------------------------------------------------

    def save_deals(self, deals: Sequence[Deal]) -> tuple[int, int]:
        """Insert or update deals by (source, id); returns (added, updated).

        A deal stored with exactly the same fields counts as neither.
        """
        unique = {(d.source, d.id): d for d in deals}
        added = updated = 0
        with self._write() as session:
            stored = {(d.source, d.id): d for d in _read_deals(session, {s for s, _ in unique})}
            for key, deal in sorted(unique.items()):
                if key not in stored:
                    added += 1
                elif stored[key] != deal:
                    updated += 1
                else:
                    continue
                _upsert_deal(session, deal)
        return added, updated

    def sync_deals(
        self, source: str, deals: Iterable[Deal], keep: Collection[str] = ()
    ) -> DealSync:
        """Make the stored deals of ``source`` what ``deals`` (the current export) says.

        New deals are added, changed ones updated (a changed row number alone is stored but
        not counted), and stored deals of ``source`` that the export no longer has are deleted
        with their links, except the ids in ``keep`` (rows of the export that were refused,
        so a typo in one cell never deletes a deal). ``deals`` is read in batches: a
        million-row export is never all in memory at once.
        """
        added = updated = 0
        seen: set[str] = set()
        with self._write() as session:
            for batch in _batched(deals, _BATCH):
                fresh = {d.id: d for d in batch if d.source == source}
                seen.update(fresh)
                stored = {d.id: d for d in _read_deals_by_id(session, source, list(fresh))}
                changed = []
                for deal_id, deal in fresh.items():
                    before = stored.get(deal_id)
                    if before is None:
                        added += 1
                    elif dataclasses.replace(before, row=deal.row) != deal:
                        updated += 1
                    elif before.row == deal.row:
                        continue
                    changed.append(deal)
                _upsert_deals(session, changed)
            stored_ids = set(session.scalars(select(DealRow.id).where(DealRow.source == source)))
            gone = sorted(stored_ids - seen - set(keep))
            for chunk in _batched(gone, _BATCH):
                session.execute(delete(DealLinkRow).where(DealLinkRow.deal_id.in_(chunk)))
                session.execute(
                    delete(DealRow).where(DealRow.source == source, DealRow.id.in_(chunk))
                )
        return DealSync(added, updated, len(gone))

    def deals(self) -> list[Deal]:
        with self._read() as session:
            return _read_deals(session, None)

    def iter_deals(self) -> Iterator[Deal]:
        """Every stored deal, streamed from the database in batches (flat memory)."""
        with self._read() as session:
            table = _table(DealRow)
            query = select(table).order_by(table.c.source, table.c.id)
            for row in session.execute(query.execution_options(yield_per=_BATCH)):
                yield _deal_of(row)

    def replace_all_links(self, links: Sequence[DealLink]) -> LinkSync:
        """Make the stored links exactly ``links`` (recomputed from the current deals): stale
        links are removed, new ones added, changed ones (method, reason) updated."""
        wanted = {(link.call_id, link.deal_id): link for link in links}
        with self._write() as session:
            stored = {
                (r.call_id, r.deal_id): (r.method, r.confidence, r.reason)
                for r in session.scalars(select(DealLinkRow))
            }
            stale = [key for key in stored if key not in wanted]
            for chunk in _batched(stale, _BATCH):
                for call_id, deal_id in chunk:
                    session.execute(
                        delete(DealLinkRow).where(
                            DealLinkRow.call_id == call_id, DealLinkRow.deal_id == deal_id
                        )
                    )
            new = [x for key, x in wanted.items() if key not in stored]
            changed = [
                x
                for key, x in wanted.items()
                if key in stored and stored[key] != (x.method, x.confidence, x.reason)
            ]
            for link in changed:
                session.execute(
                    update(DealLinkRow)
                    .where(DealLinkRow.call_id == link.call_id, DealLinkRow.deal_id == link.deal_id)
                    .values(method=link.method, confidence=link.confidence, reason=link.reason)
                )
            for batch in _batched(new, _BATCH):
                session.execute(_table(DealLinkRow).insert(), [link_record(x) for x in batch])
        return LinkSync(len(new), len(stale), len(changed))

    def save_links(self, links: Sequence[DealLink]) -> None:
        """Replace the deal links of every call named in ``links`` with ``links``."""
        call_ids = sorted({link.call_id for link in links})
        with self._write() as session:
            known = set(session.scalars(select(CallRow.id).where(CallRow.id.in_(call_ids))))
            missing = [c for c in call_ids if c not in known]
            if missing:
                raise StorageError(f"deal links name calls that are not stored: {missing[0]}")
            session.execute(delete(DealLinkRow).where(DealLinkRow.call_id.in_(call_ids)))
            unique = {(link.call_id, link.deal_id): link for link in links}
            if unique:
                session.execute(
                    _table(DealLinkRow).insert(), [link_record(x) for x in unique.values()]
                )

    def links(self) -> list[DealLink]:
        with self._read() as session:
            rows = session.scalars(
                select(DealLinkRow).order_by(DealLinkRow.call_id, DealLinkRow.deal_id)
            )
            return [link_of_row(r) for r in rows]

    # -- people and companies --------------------------------------------------------------

    def reps(self) -> list[StoredRep]:
        """Every rep seen on a stored call, with how many calls they were on."""
        with self._read() as session:
            rows = session.execute(
                select(Rep.name, Rep.email, func.count(CallRep.call_id))
                .outerjoin(CallRep, CallRep.rep_id == Rep.id)
                .group_by(Rep.id, Rep.name, Rep.email)
                .order_by(Rep.key)
            ).all()
        return [StoredRep(name, email, int(n)) for name, email, n in rows]

    def accounts(self) -> list[StoredAccount]:
        """Every customer company named by a call's metadata or a deal."""
        with self._read() as session:
            calls: dict[int | None, int] = {
                account: n
                for account, n in session.execute(
                    select(CallRow.account_id, func.count()).group_by(CallRow.account_id)
                )
            }
            deals: dict[int | None, int] = {
                account: n
                for account, n in session.execute(
                    select(DealRow.account_id, func.count()).group_by(DealRow.account_id)
                )
            }
            rows = session.execute(select(Account.id, Account.name).order_by(Account.key)).all()
        return [StoredAccount(name, calls.get(i, 0), deals.get(i, 0)) for i, name in rows]


def _table(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


def _insert(session: Session, table: Table) -> postgresql.Insert | sqlite.Insert:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise StorageError(f"unsupported database: {dialect}")  # pragma: no cover


def _insert_call(session: Session, record: CallRecord, import_id: int | None) -> bool:
    # The content hash is the primary key: a concurrent or repeated import of the same call
    # does nothing here (PostgreSQL waits for the other transaction to decide first).
    statement = (
        _insert(session, _table(CallRow))
        .values(**call_values(record, import_id))
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(_table(CallRow).c.id)
    )
    # RETURNING, not rowcount: SQLAlchemy adds RETURNING on PostgreSQL and rowcount is then -1.
    if session.execute(statement).first() is None:
        return False
    account = account_of(record.metadata)
    if account is not None:
        account_id = _account_id(session, account)
        session.execute(
            update(CallRow).where(CallRow.id == record.id).values(account_id=account_id)
        )
    _insert_speakers(session, record.id, record.speakers)
    _insert_utterances(session, record.id, record.utterances)
    _insert_findings(session, record.id, record.findings)
    _insert_scorecards(session, record.id, record.scorecards)
    return True


def _insert_speakers(session: Session, call_id: str, speakers: list[SpeakerOut]) -> None:
    rows = speaker_rows(call_id, speakers)
    if not rows:
        return
    session.execute(_table(SpeakerRow).insert(), rows)
    # Upserted in key order so that two transactions never wait on each other's reps.
    reps = sorted((s for s in rows if s["role"] == "rep"), key=lambda s: normalize_key(s["name"]))
    for speaker in reps:
        rep_id = _rep_id(session, speaker["name"], speaker["email"])
        statement = _insert(session, _table(CallRep)).values(call_id=call_id, rep_id=rep_id)
        session.execute(statement.on_conflict_do_nothing())


def _insert_utterances(session: Session, call_id: str, utterances: list[UtteranceRecord]) -> None:
    rows = utterance_rows(call_id, utterances)
    if rows:
        session.execute(_table(UtteranceRow).insert(), rows)


def _insert_findings(session: Session, call_id: str, findings: list[FindingOut]) -> None:
    rows = finding_rows(call_id, findings)
    if rows:
        session.execute(_table(FindingRow).insert(), rows)


def _insert_scorecards(session: Session, call_id: str, cards: list[ScorecardOut]) -> None:
    for row in scorecard_rows(call_id, cards):
        session.execute(_table(ScorecardRow).insert().values(**row))


# Rep and account names (and their keys) are stored up to this many characters on both
# databases: a longer name is cut here, identically, instead of failing on PostgreSQL only.
NAME_LIMIT = 255


def _name(name: str) -> tuple[str, str]:
    """(name, key) cut to ``NAME_LIMIT`` characters."""
    name = name[:NAME_LIMIT]
    return name, normalize_key(name)[:NAME_LIMIT]


_email = stored_email  # e-mail addresses longer than EMAIL_LIMIT are stored as unknown


def _account_id(session: Session, name: str) -> int:
    name, key = _name(name)
    statement = _insert(session, _table(Account)).values(key=key, name=name)
    session.execute(statement.on_conflict_do_nothing(index_elements=["key"]))
    account_id = session.scalar(select(Account.id).where(Account.key == key))
    assert account_id is not None
    return account_id


def _rep_id(session: Session, name: str, email: str | None) -> int:
    name, key = _name(name)
    email = _email(email)
    statement = _insert(session, _table(Rep)).values(key=key, name=name, email=email)
    session.execute(statement.on_conflict_do_nothing(index_elements=["key"]))
    if email is not None:
        session.execute(update(Rep).where(Rep.key == key, Rep.email.is_(None)).values(email=email))
    rep_id = session.scalar(select(Rep.id).where(Rep.key == key))
    assert rep_id is not None
    return rep_id


def _read_record(session: Session, call_id: str) -> CallRecord:
    row = session.get(CallRow, call_id)
    if row is None:
        raise KeyError(call_id)
    return record_of_rows(
        row,
        session.scalars(
            select(SpeakerRow).where(SpeakerRow.call_id == call_id).order_by(SpeakerRow.position)
        ),
        session.scalars(
            select(UtteranceRow)
            .where(UtteranceRow.call_id == call_id)
            .order_by(UtteranceRow.position)
        ),
        session.scalars(
            select(FindingRow).where(FindingRow.call_id == call_id).order_by(FindingRow.position)
        ),
        session.scalars(
            select(ScorecardRow).where(ScorecardRow.call_id == call_id).order_by(ScorecardRow.id)
        ),
    )


def _read_deals(session: Session, sources: set[str] | None) -> list[Deal]:
    # Plain rows, not ORM objects: a million deals must not pile up in the session.
    table = _table(DealRow)
    query = select(table).order_by(table.c.source, table.c.id)
    if sources is not None:
        query = query.where(table.c.source.in_(sorted(sources)))
    return [_deal_of(r) for r in session.execute(query)]


_deal_of = deal_of_row


_BATCH = 2000
T = TypeVar("T")


def _batched(items: Iterable[T], size: int) -> Iterator[tuple[T, ...]]:
    """``itertools.batched`` (Python 3.12) for 3.11."""
    iterator = iter(items)
    while batch := tuple(itertools.islice(iterator, size)):
        yield batch


def _read_deals_by_id(session: Session, source: str, ids: list[str]) -> list[Deal]:
    if not ids:
        return []
    table = _table(DealRow)
    query = select(table).where(table.c.source == source, table.c.id.in_(ids))
    return [_deal_of(r) for r in session.execute(query)]


def _upsert_deals(session: Session, deals: Sequence[Deal]) -> None:
    """Insert or update many deals with one statement per batch (accounts resolved first)."""
    if not deals:
        return
    accounts = _account_ids(session, {d.account for d in deals if d.account})
    rows = []
    for deal in deals:
        values = deal_values(deal)
        values["account_id"] = accounts[_name(deal.account)[1]] if deal.account else None
        rows.append(values)
    statement = _insert(session, _table(DealRow))
    changed = {k: statement.excluded[k] for k in rows[0] if k not in ("source", "id")}
    session.execute(
        statement.on_conflict_do_update(index_elements=["source", "id"], set_=changed), rows
    )


def _account_ids(session: Session, names: set[str]) -> dict[str, int]:
    """Account id per case/space-folded name, creating the missing accounts."""
    by_key = dict(_name(n)[::-1] for n in sorted(names))
    if not by_key:
        return {}
    statement = _insert(session, _table(Account)).on_conflict_do_nothing(index_elements=["key"])
    session.execute(statement, [{"key": k, "name": n} for k, n in by_key.items()])
    found: dict[str, int] = {}
    for chunk in _batched(sorted(by_key), _BATCH):
        query = select(Account.key, Account.id).where(Account.key.in_(chunk))
        found.update((key, account_id) for key, account_id in session.execute(query))
    return found


def _upsert_deal(session: Session, deal: Deal) -> None:
    values = deal_values(deal)
    values["account_id"] = _account_id(session, deal.account) if deal.account else None
    statement = _insert(session, _table(DealRow)).values(**values)
    changed = {k: v for k, v in values.items() if k not in ("source", "id")}
    session.execute(statement.on_conflict_do_update(index_elements=["source", "id"], set_=changed))
