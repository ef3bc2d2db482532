"""Run detectors over a call in dependency order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from graphlib import CycleError, TopologicalSorter
from typing import Any

from callcoach.detectors import DetectionContext, Detector, Embedder, registry
from callcoach.errors import DetectorError
from callcoach.model import Call, Finding, RoleAssignment
from callcoach.nlp.call_embeddings import CallEmbeddings
from callcoach.nlp.phrase_index import save_phrase_index
from callcoach.nlp.regex_cache import (
    default_regex_cache,
    remember_module_patterns,
    save_module_patterns,
)
from callcoach.nlp.yaml_cache import save_yaml_cache


def build(
    names: Iterable[str] | None = None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Detector]:
    """Detectors for ``names`` (all registered when None) plus what they require, sorted."""
    params = params or {}
    for name in params:
        registry.get(name)  # parameters for a detector that does not exist are a typo
    wanted = list(names) if names is not None else registry.names()
    graph: dict[str, set[str]] = {}
    queue = list(wanted)
    while queue:
        name = queue.pop()
        if name in graph:
            continue
        requires = set(registry.get(name).requires)
        graph[name] = requires
        queue.extend(requires)
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise DetectorError(f"detectors require each other in a cycle: {exc.args[1]}") from None
    return [registry.create(name, **dict(params.get(name, {}))) for name in order]


def run(
    call: Call,
    roles: RoleAssignment,
    detectors: Sequence[Detector],
    embedder: Embedder | None = None,
    *,
    overlap: bool = True,
) -> dict[str, tuple[Finding, ...]]:
    """Findings per detector name. ``detectors`` must be in dependency order (see ``build``).

    Detectors that need sentence embeddings run after the others (where their requirements
    allow); the texts they announce (``Detector.embedding_texts``) are embedded in one pass
    for the call (``CallEmbeddings``), started in a background thread as soon as the findings
    they depend on exist, so it overlaps the remaining rule-based detectors (the same texts
    in the same pass as when it ran just before the first of them; ``overlap=False`` runs it
    then, in this thread, for profilers that charge CPU time per detector). Without ``embedder``
    the process-wide model starts loading in the background at once, while the rule-based
    detectors run. The result lists detectors in the order given.
    """
    # once per process: what the imports compiled, never a pattern built from a name
    remember_module_patterns(private=[speaker.name for speaker in call.speakers])
    shared: CallEmbeddings | None = None
    if any(d.needs_embeddings for d in detectors):
        if embedder is None:
            from callcoach.nlp.embeddings import default_embedder, preload_default_embedder

            preload_default_embedder()
            shared = CallEmbeddings(default_embedder)
        else:
            shared = CallEmbeddings(embedder)
    store: Embedder | None = shared if shared is not None else embedder
    findings: dict[str, tuple[Finding, ...]] = {}

    def context_for(detector: Detector) -> DetectionContext:
        return DetectionContext(
            roles=roles,
            findings={r: findings[r] for r in detector.requires},
            embedder=store,
        )

    announced: set[str] = set()
    ordered = _embedding_last(detectors)

    def announce(group: Sequence[Detector]) -> None:
        for other in group:
            if other.name not in announced:
                announced.add(other.name)
                texts = other.embedding_texts(call, context_for(other))
                if texts and shared is not None:
                    shared.request(texts)

    # The embedding detectors whose texts make up the first pass, and what they wait for:
    # once those findings exist the pass starts in the background (``prefetch``) while the
    # remaining rule-based detectors run. After it, an embedding detector whose requirements
    # are met later is announced at once and its new texts go to a follow-up pass in the
    # background (texts already announced are not embedded again).
    first_pass = _first_pass(ordered) if shared is not None and overlap else []
    first_needs = {r for d in first_pass for r in d.requires}
    started = False

    def start_passes() -> None:
        nonlocal started
        if shared is None or not overlap:
            return
        if not started:
            if not first_pass or not first_needs.issubset(findings):
                return
            announce(first_pass)
            first_pass.clear()
            started = True
        else:
            ready = [
                d
                for d in ordered
                if d.needs_embeddings
                and d.name not in announced
                and all(r in findings for r in d.requires)
            ]
            if not ready:
                return
            announce(ready)
        shared.prefetch()

    try:
        start_passes()
        for detector in ordered:
            missing = [r for r in detector.requires if r not in findings]
            if missing:
                raise DetectorError(f"{detector.name} needs {missing} to run first")
            if detector.needs_embeddings and detector.name not in announced:
                announce(
                    [
                        other
                        for other in ordered
                        if other.needs_embeddings and all(r in findings for r in other.requires)
                    ]
                )
            findings[detector.name] = tuple(detector.detect(call, context_for(detector)))
            start_passes()
    finally:
        if shared is not None:
            shared.wait()
    # Lexicon phrases compiled, indexed and parsed during this call are kept for the next process (a
    # no-op once the caches hold them).
    default_regex_cache().save()
    save_module_patterns()
    save_phrase_index()
    save_yaml_cache()
    return {d.name: findings[d.name] for d in detectors}


def _first_pass(ordered: Sequence[Detector]) -> list[Detector]:
    """The embedding detectors ``run`` announces together just before the first of them runs
    in ``ordered``: those whose requirements have all run by then (in ``ordered`` order)."""
    placed: set[str] = set()
    for detector in ordered:
        if detector.needs_embeddings:
            return [
                d for d in ordered if d.needs_embeddings and all(r in placed for r in d.requires)
            ]
        placed.add(detector.name)
    return []


def _embedding_last(detectors: Sequence[Detector]) -> list[Detector]:
    """``detectors`` reordered so those needing embeddings come as late as their
    dependants allow, and the rule-based detectors they depend on (``question`` for
    ``question_topic``) as early as possible, so the embedding pass can start while the
    other rule-based detectors run (stable otherwise). An order that is not a valid
    dependency order is kept as given, for ``run`` to report."""
    names = {d.name for d in detectors}
    by_name = {d.name: d for d in detectors}
    feeding: set[str] = set()  # what the embedding detectors need, directly or not
    queue = [r for d in detectors if d.needs_embeddings for r in d.requires]
    while queue:
        name = queue.pop()
        if name in by_name and name not in feeding:
            feeding.add(name)
            queue.extend(by_name[name].requires)
    left = list(detectors)
    placed: set[str] = set()
    ordered: list[Detector] = []
    while left:
        ready = [d for d in left if all(r in placed or r not in names for r in d.requires)]
        if not ready:
            return list(detectors)
        rule_based = [d for d in ready if not d.needs_embeddings]
        # An embedding detector goes first only when every ready detector needs embeddings.
        pick = next(
            (d for d in rule_based if d.name in feeding), rule_based[0] if rule_based else ready[0]
        )
        left.remove(pick)
        placed.add(pick.name)
        ordered.append(pick)
    return ordered
