"""YAML specs that ship in a package folder or come from a file: rubrics, drill scenarios.

One reader for what both kinds share: a shipped spec by name (parsed once), else a file by
path, with errors that name the file, the YAML line and what was expected. Validating the
mapping (pydantic) and wording its problems stays with each kind.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml

from callcoach.errors import CallcoachError

T = TypeVar("T")

# How ``load`` names a shipped spec in messages; ``mapping`` parses those with libyaml.
BUILTIN = "<builtin "
# libyaml's safe loader when PyYAML was built with it: the shipped specs (tested to parse to
# the same data) in a tenth of the pure-Python parser's time (~0.03 s of a one-call analyze
# for the expert-not-friend rubric). A user's file keeps the pure-Python parser, whose
# error messages say what is wrong where.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)


class YamlSpecs(Generic[T]):
    """The ``kind`` specs shipped as ``<package>/<folder>/<name>.yaml``, parsed by ``parse``.

    ``shipped`` names them in the message for a missing file ("built-in rubrics"); ``fields``
    lists the top-level keys in the message for YAML that is not a mapping.
    """

    def __init__(
        self,
        kind: str,
        package: str,
        folder: str,
        *,
        shipped: str,
        fields: str,
        error: type[CallcoachError],
        parse: Callable[[str, str], T],
    ) -> None:
        self.kind = kind
        self._package = package
        self._folder = folder
        self._shipped = shipped
        self._fields = fields
        self._error = error
        self._parse = parse
        self._parsed: dict[str, T] = {}

    def names(self) -> list[str]:
        """Names of the shipped specs, sorted."""
        folder = resources.files(self._package) / self._folder
        return sorted(
            p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
        )

    def load(self, name_or_path: str | Path) -> T:
        """A shipped spec by name (parsed once per process) or a YAML file by path."""
        text = str(name_or_path)
        if text in self.names():
            if text not in self._parsed:
                resource = resources.files(self._package) / self._folder / f"{text}.yaml"
                content = resource.read_text(encoding="utf-8")
                self._parsed[text] = self._parse(content, f"{BUILTIN}{text}>")
            return self._parsed[text]
        path = Path(name_or_path)
        if not path.is_file():
            known = ", ".join(self.names())
            raise self._error(f"{path}: no such {self.kind} file ({self._shipped}: {known})")
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise self._error(f"{path}: cannot read {self.kind}: {exc}") from None
        return self._parse(content, str(path))

    def mapping(self, text: str, source: str) -> dict[str, Any]:
        """The YAML mapping in ``text``; the error names ``source`` and the line at fault."""
        try:
            if _FAST_LOADER is not None and source.startswith(BUILTIN):
                data = yaml.load(text, Loader=_FAST_LOADER)
            else:
                data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{source}:{mark.line + 1}" if mark is not None else source
            raise self._error(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
        if not isinstance(data, dict):
            raise self._error(f"{source}: a {self.kind} is a YAML mapping with {self._fields}")
        return data
