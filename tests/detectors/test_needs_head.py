"""needs_coverage's need head (off by default): which sentences it reads and what it adds.

Every sentence here is invented for the test (none is from an evaluation call or from the
head's training data).
"""

from __future__ import annotations

from callcoach.detectors import DetectionContext
from callcoach.detectors.needs_coverage import NeedsCoverageDetector, need_candidates
from callcoach.model import RoleAssignment
from callcoach.nlp.embeddings import default_embedder
from callcoach.testing import make_call

ROLES = RoleAssignment(roles={"Rep": "rep", "Prospect": "prospect"}, confidence=1.0, method="x")
LINES = [
    ("Rep", "How do orders reach the depot today?"),
    ("Prospect", "The warehouse team are copying numbers between three spreadsheets."),
    ("Prospect", "We had a lovely weekend at the coast."),
    ("Prospect", "Is there a mobile app?"),
]


def _needs(**params: float | None) -> list[str]:
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    found = NeedsCoverageDetector(**params).detect(make_call(LINES), context)
    return [f.evidence[0].quote for f in found if f.label == "need"]


def test_candidates_are_prospect_statements_of_a_few_words() -> None:
    call = make_call(LINES)
    texts = [u.text[a:b] for u, a, b in need_candidates(call, ROLES)]
    assert texts == [
        "The warehouse team are copying numbers between three spreadsheets.",
        "We had a lovely weekend at the coast.",
    ]


def test_the_head_adds_a_need_no_phrase_reads_and_is_off_by_default() -> None:
    quote = "The warehouse team are copying numbers between three spreadsheets."
    assert quote not in _needs()
    assert _needs(need_head=0.6) == [quote]
    call = make_call(LINES)
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    assert quote in NeedsCoverageDetector(need_head=0.6).embedding_texts(call, context)
