"""The sales team: who on a call is one of ours (a rep), read from a YAML or CSV file.

YAML either maps ``team`` to a list or is a plain list; each entry is a name, an email,
or a mapping with ``name``, ``email`` and ``title``::

    team:
      - {name: "Dana Reyes", email: "dana@acme.io", title: AE}
      - sam@acme.io

CSV needs a header row with a ``name`` and/or ``email`` column (``title`` optional).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from callcoach.errors import RosterError

__all__ = ["Roster", "RosterError", "RosterMember", "load_roster", "normalize_name"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ALLOWED_KEYS = ("name", "email", "title")


def normalize_name(name: str) -> str:
    """Case- and whitespace-insensitive form of a person's name ("  dana  REYES" → "dana reyes")."""
    return " ".join(name.casefold().split())


@dataclass(frozen=True, slots=True)
class RosterMember:
    name: str | None = None
    email: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Roster:
    """Members of the sales team. ``source`` is the file they were read from."""

    members: tuple[RosterMember, ...]
    source: str = "<roster>"

    def matches(self, speaker_name: str | None, email: str | None = None) -> bool:
        """True when the speaker is on the team.

        A speaker matches by email (case-insensitive), by full name (case- and
        whitespace-insensitive), by a speaker label that is a member's email, or by a
        one-word label equal to the first name of exactly one member ("Dana").

        >>> Roster((RosterMember("Dana Reyes"),)).matches("dana")
        True
        """
        if email and email.casefold() in self._emails():
            return True
        if not speaker_name:
            return False
        label = normalize_name(speaker_name)
        if label in self._names() or label in self._emails():
            return True
        return " " not in label and self._first_names().count(label) == 1

    def _emails(self) -> set[str]:
        return {m.email.casefold() for m in self.members if m.email}

    def _names(self) -> set[str]:
        return {normalize_name(m.name) for m in self.members if m.name}

    def _first_names(self) -> list[str]:
        return [normalize_name(m.name).split()[0] for m in self.members if m.name]


def load_roster(path: str | Path) -> Roster:
    """Read a roster from ``.yaml``/``.yml`` or ``.csv``.

    Raises ``RosterError`` (a ``RoleError``) naming the file, line and bad entry.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RosterError(file, "no such roster file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(file, f"cannot read roster file: {exc}") from None
    if file.suffix.lower() == ".csv":
        members = _members_from_csv(text, file)
    else:
        members = _members_from_yaml(text, file)
    if not members:
        raise RosterError(file, "the roster lists nobody")
    return Roster(tuple(members), source=str(file))


def _members_from_csv(text: str, file: Path) -> list[RosterMember]:
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().casefold() for h in next(reader, [])]
    if "name" not in header and "email" not in header:
        raise RosterError(file, "CSV header must have a 'name' and/or 'email' column", line=1)
    unknown = [h for h in header if h and h not in _ALLOWED_KEYS]
    if unknown:
        raise RosterError(file, f"unknown CSV column(s) {unknown}; allowed: name, email, title", 1)
    members = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        fields = {key: cell.strip() or None for key, cell in zip(header, row, strict=False)}
        line = reader.line_num
        members.append(_member(fields, file, line, entry=f"{', '.join(row)!r}"))
    return members


def _members_from_yaml(text: str, file: Path) -> list[RosterMember]:
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise RosterError(file, f"invalid YAML: {getattr(exc, 'problem', exc)}", line) from None
    if root is None:
        raise RosterError(file, "the roster file is empty")
    entries = root
    if isinstance(root, yaml.MappingNode):
        team = [value for key, value in root.value if _scalar(key) == "team"]
        if not team:
            raise RosterError(
                file, "expected a 'team:' list or a plain list", root.start_mark.line + 1
            )
        entries = team[0]
    if not isinstance(entries, yaml.SequenceNode):
        raise RosterError(file, "the team must be a list", entries.start_mark.line + 1)
    return [_yaml_member(node, i, file) for i, node in enumerate(entries.value, start=1)]


def _yaml_member(node: yaml.Node, index: int, file: Path) -> RosterMember:
    line = node.start_mark.line + 1
    entry = f"#{index}"
    fields: dict[str, str | None] = {}
    if isinstance(node, yaml.ScalarNode):
        value = _scalar(node).strip()
        fields["email" if "@" in value else "name"] = value
        return _member(fields, file, line, f"{entry} ({value!r})")
    if not isinstance(node, yaml.MappingNode):
        raise RosterError(file, "expected a name, an email or a mapping", line, entry)
    for key_node, value_node in node.value:
        key = _scalar(key_node)
        if not isinstance(value_node, yaml.ScalarNode):
            raise RosterError(file, f"'{key}' must be text", value_node.start_mark.line + 1, entry)
        fields[key] = _scalar(value_node).strip() or None
    return _member(fields, file, line, entry)


def _member(fields: Mapping[str, str | None], file: Path, line: int, entry: str) -> RosterMember:
    unknown = sorted(set(fields) - set(_ALLOWED_KEYS))
    if unknown:
        allowed = ", ".join(_ALLOWED_KEYS)
        raise RosterError(file, f"unknown key(s) {unknown}; allowed: {allowed}", line, entry)
    name, email = fields.get("name"), fields.get("email")
    if not name and not email:
        raise RosterError(file, "needs a name or an email", line, entry)
    if email and not _EMAIL.match(email):
        raise RosterError(file, f"{email!r} is not an email address", line, entry)
    return RosterMember(name=name, email=email, title=fields.get("title"))


def _scalar(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else ""
