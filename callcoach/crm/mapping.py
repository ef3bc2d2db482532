"""Which CSV column holds which deal field, for Salesforce, HubSpot and any other CRM.

A mapping lists, per deal field, the header names to look for (first present wins, compared
case-insensitively with surrounding spaces ignored), which stage names mean won or lost, how
amounts write their decimal separator and whether slash dates put the day first. The built-in
mappings follow the column names of a Salesforce opportunity report and a HubSpot deal export;
``load_mapping`` reads the same shape from YAML for other CRMs (see docs/crm.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from callcoach.crm.errors import CrmError

__all__ = ["FIELDS", "FieldMapping", "builtin_mapping", "load_mapping"]

# Deal fields a mapping may fill. ``won`` and ``closed`` are flag columns; without them the
# stage decides. ``contact_emails`` may name several columns (all are read).
FIELDS = (
    "id",
    "name",
    "account",
    "amount",
    "currency",
    "stage",
    "won",
    "closed",
    "created",
    "close_date",
    "owner",
    "contact_emails",
)


@dataclass(frozen=True)
class FieldMapping:
    """How one CRM's export names its columns and writes its values."""

    source: str
    columns: Mapping[str, tuple[str, ...]]
    won_stages: tuple[str, ...] = ("closed won", "won")
    lost_stages: tuple[str, ...] = ("closed lost", "lost")
    decimal: str = "."  # the decimal separator when an amount has only one kind of separator
    day_first: bool = False  # 05/03/2024 is 5 March when True, May 3 when False
    default_currency: str | None = None

    def __post_init__(self) -> None:
        unknown = sorted(set(self.columns) - set(FIELDS))
        if unknown:
            raise CrmError(f"mapping {self.source!r}: unknown deal fields {unknown}")
        if "id" not in self.columns:
            raise CrmError(f"mapping {self.source!r}: no column is mapped to the deal id")
        if self.decimal not in {".", ","}:
            raise CrmError(f"mapping {self.source!r}: decimal must be '.' or ','")
        object.__setattr__(self, "columns", MappingProxyType(dict(self.columns)))

    def outcome_of_stage(self, stage: str) -> bool | None:
        """True for a won stage, False for a lost one, None for an open one."""
        key = _normalise_stage(stage)
        if key in {_normalise_stage(s) for s in self.won_stages}:
            return True
        if key in {_normalise_stage(s) for s in self.lost_stages}:
            return False
        return None


def _normalise_stage(stage: str) -> str:
    # HubSpot's internal ids ("closedwon") and labels ("Closed Won") are the same stage.
    return "".join(ch for ch in stage.lower() if ch.isalnum())


_SALESFORCE = FieldMapping(
    source="salesforce",
    columns={
        "id": ("Opportunity ID", "Opportunity Id", "Id"),
        "name": ("Opportunity Name",),
        "account": ("Account Name", "Account"),
        "amount": ("Amount", "Amount (converted)", "Total Price"),
        "currency": ("Opportunity Currency", "Amount Currency", "Currency"),
        "stage": ("Stage", "Stage Name"),
        "won": ("Won",),
        "closed": ("Closed",),
        "created": ("Created Date", "Created On"),
        "close_date": ("Close Date",),
        "owner": ("Opportunity Owner", "Owner Name", "Owner"),
        "contact_emails": ("Contact Email", "Primary Contact Email", "Email", "Contact: Email"),
    },
)

_HUBSPOT = FieldMapping(
    source="hubspot",
    columns={
        "id": ("Record ID", "Deal ID", "hs_object_id"),
        "name": ("Deal Name", "dealname"),
        "account": ("Associated Company (Primary)", "Associated Company", "Company name"),
        "amount": ("Amount", "amount"),
        "currency": ("Currency", "Deal currency code", "deal_currency_code"),
        "stage": ("Deal Stage", "dealstage"),
        "won": ("Is Closed Won", "Is closed won", "hs_is_closed_won"),
        "closed": ("Is Deal Closed?", "Is closed", "hs_is_closed"),
        "created": ("Create Date", "createdate"),
        "close_date": ("Close Date", "closedate"),
        "owner": ("Deal owner", "Deal Owner", "hubspot_owner_id"),
        "contact_emails": (
            "Associated Contact Email",
            "Associated Contact (Primary) Email",
            "Contact email",
            "Email",
        ),
    },
)

_GENERIC = FieldMapping(
    source="generic",
    columns={
        "id": ("deal_id", "id"),
        "name": ("name", "deal_name"),
        "account": ("account", "company"),
        "amount": ("amount",),
        "currency": ("currency",),
        "stage": ("stage",),
        "won": ("won",),
        "closed": ("closed",),
        "created": ("created", "created_date"),
        "close_date": ("close_date", "closed_date"),
        "owner": ("owner", "rep"),
        "contact_emails": ("contact_emails", "emails", "email"),
    },
)

_BUILTIN = {m.source: m for m in (_SALESFORCE, _HUBSPOT, _GENERIC)}


def builtin_mapping(source: str) -> FieldMapping:
    """The shipped mapping for ``salesforce``, ``hubspot`` or ``generic``."""
    try:
        return _BUILTIN[source]
    except KeyError:
        known = ", ".join(sorted(_BUILTIN))
        raise CrmError(f"unknown CRM source {source!r}; expected one of: {known}") from None


def load_mapping(path: str | Path, source: str = "generic") -> FieldMapping:
    """A mapping from a YAML file; columns not named there fall back to ``source``'s mapping.

    ```yaml
    columns: {id: Deal Number, amount: Value, close_date: [Closed On, Close Date]}
    won_stages: [Signed]
    lost_stages: [Dead, Lost]
    decimal: ","
    day_first: true
    default_currency: EUR
    ```
    """
    path = Path(path).expanduser()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CrmError(f"{path}: cannot read mapping file: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise CrmError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise CrmError(f"{path}: a mapping file is a YAML mapping with a 'columns' key")
    base = builtin_mapping(source)
    known = {"columns", "won_stages", "lost_stages", "decimal", "day_first", "default_currency"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise CrmError(f"{path}: unknown keys {unknown}; expected some of {sorted(known)}")
    columns = dict(base.columns)
    columns.update(_columns(path, data.get("columns") or {}))
    try:
        return FieldMapping(
            source=base.source,
            columns=columns,
            won_stages=_names(path, "won_stages", data.get("won_stages", base.won_stages)),
            lost_stages=_names(path, "lost_stages", data.get("lost_stages", base.lost_stages)),
            decimal=str(data.get("decimal", base.decimal)),
            day_first=bool(data.get("day_first", base.day_first)),
            default_currency=data.get("default_currency", base.default_currency),
        )
    except CrmError as exc:
        raise CrmError(f"{path}: {exc}") from None


def _columns(path: Path, raw: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise CrmError(f"{path}: 'columns' maps deal fields to a header name or a list of them")
    return {str(name): _names(path, f"columns.{name}", value) for name, value in raw.items()}


def _names(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise CrmError(f"{path}: {key} must be a string or a list of strings")
