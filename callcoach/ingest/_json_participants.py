"""The generic form's ``participants`` ↔ the string metadata every other module reads.

``Call.metadata`` holds strings only. Participants are kept the way role resolution already
reads them (``callcoach.roles``): ``"Maria Lopez <maria@x.example>, Tom Becker"``; their
roles go in ``participant_roles`` as ``"Maria Lopez: rep, Tom Becker: prospect"``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

_ENTRY = re.compile(r"^(?P<name>[^<>]+?)\s*(?:<(?P<email>[^<>]*)>)?$")


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
        match = _ENTRY.match(entry)
        if match is None:
            continue
        person = {"name": match["name"]}
        if match["email"]:
            person["email"] = match["email"].strip()
        if match["name"] in roles:
            person["role"] = roles[match["name"]]
        people.append(person)
    return people


def _split(value: str) -> list[str]:
    return [entry.strip() for entry in value.split(",") if entry.strip()]
