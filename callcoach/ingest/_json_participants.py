"""The generic form's ``participants`` ↔ the string metadata every other module reads.

``Call.metadata`` holds strings only. Participants are kept the way role resolution already
reads them (``callcoach.roles``): ``"Maria Lopez <maria@x.example>, Tom Becker"``; their
roles go in ``participant_roles`` as ``"Maria Lopez: rep, Tom Becker: prospect"``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def participants_metadata(people: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """``[{"name", "email"?, "role"?}]`` → ``participants`` (and ``participant_roles``)."""
    if not people:
        return {}
    metadata = {
        "participants": ", ".join(
            f"{p['name']} <{p['email']}>" if p.get("email") else p["name"] for p in people
        )
    }
    roles = [f"{p['name']}: {p['role']}" for p in people if p.get("role")]
    if roles:
        metadata["participant_roles"] = ", ".join(roles)
    return metadata


def participants_from_metadata(metadata: Mapping[str, str]) -> list[dict[str, str]]:
    """The inverse of ``participants_metadata``; entries it cannot read are skipped."""
    roles = {}
    for entry in _split(metadata.get("participant_roles", "")):
        name, _, role = entry.rpartition(":")
        if name.strip() and role.strip():
            roles[name.strip()] = role.strip()
    people = []
    for entry in _split(metadata.get("participants", "")):
        parsed = _entry(entry)
        if parsed is None:
            continue
        name, email = parsed
        person = {"name": name}
        if email:
            person["email"] = email
        if name in roles:
            person["role"] = roles[name]
        people.append(person)
    return people


def _entry(entry: str) -> tuple[str, str] | None:
    """``"Name <email>"`` or ``"Name"`` → (name, email or ""); None when it is neither.

    String methods, not a regular expression: a 40 KB header of spaces made the old pattern
    backtrack for seconds.
    """
    open_at = entry.find("<")
    if open_at < 0:
        return (entry, "") if ">" not in entry else None
    name, email = entry[:open_at].rstrip(), entry[open_at + 1 : -1]
    if not entry.endswith(">") or not name or ">" in name or "<" in email or ">" in email:
        return None
    return name, email.strip()


def _split(value: str) -> list[str]:
    return [entry.strip() for entry in value.split(",") if entry.strip()]
