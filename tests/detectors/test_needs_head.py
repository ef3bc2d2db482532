"""needs_coverage's need head (on by default since 1.10): which sentences it reads and what it adds.

Every sentence here is invented for the test (none is from an evaluation call or from the
head's training data).
"""

from __future__ import annotations

from callcoach.detectors import DetectionContext
from callcoach.detectors.needs_coverage import NeedsCoverageDetector, need_candidates, turn_tail
from callcoach.model import RoleAssignment
from callcoach.nlp.embeddings import default_embedder
from callcoach.testing import make_call

# a need no phrase reads, told with no problem word (the head reads it at about 0.73)
NEED = (
    "Right now the warehouse team copy every order between three different spreadsheets "
    "each morning."
)
ROLES = RoleAssignment(roles={"Rep": "rep", "Prospect": "prospect"}, confidence=1.0, method="x")
LINES = [
    ("Rep", "How do orders reach the depot today?"),
    ("Prospect", NEED),
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
        NEED,
        "We had a lovely weekend at the coast.",
    ]


def test_the_head_adds_a_need_no_phrase_reads() -> None:
    quote = NEED
    assert quote not in _needs(need_head=None)
    assert _needs(need_head=0.7) == [quote]
    # off by default (1.11.1): the blind writers gain, but the dev writer's calls get 14 false
    # needs and no right one, for about 200 more embedded texts per call-hour
    params = NeedsCoverageDetector.default_params()
    assert (params["need_head"], params["need_head_words"]) == (None, 8)
    assert _needs(need_head=0.6) == [quote]
    call = make_call(LINES)
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    assert quote in NeedsCoverageDetector(need_head=0.6).embedding_texts(call, context)


class _RecordingPairHead:
    """A stand-in two-turn head: records the (turn before, sentence) pairs it is asked about
    and reads every sentence as a need."""

    features = "pair"

    def __init__(self, context_sentences: int | None = None) -> None:
        self.pairs: list[tuple[str, str]] = []
        self.metadata = (
            {} if context_sentences is None else {"context_sentences": context_sentences}
        )

    def pair_probabilities(
        self, contexts: list[str], texts: list[str], embedder: object
    ) -> list[float]:
        self.pairs.extend(zip(contexts, texts, strict=True))
        return [1.0] * len(texts)


def test_a_two_turn_head_reads_each_sentence_with_the_turn_before_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import callcoach.nlp.heads as heads

    head = _RecordingPairHead()
    monkeypatch.setattr(heads, "load_head", lambda name, *a: head)
    lines = [
        ("Prospect", "We run three depots out of Leeds."),
        ("Rep", "How do orders reach the depot today?"),
        ("Rep", "Walk me through a normal morning."),
        ("Prospect", "Someone types every order off the email into the stock sheet."),
    ]
    call = make_call(lines)
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    # every sentence of four words or more (the default reads eight or more)
    found = NeedsCoverageDetector(need_head=0.7, need_head_words=None).detect(call, context)
    assert head.pairs == [
        (".", "We run three depots out of Leeds."),
        (
            "How do orders reach the depot today? Walk me through a normal morning.",
            "Someone types every order off the email into the stock sheet.",
        ),
    ]
    assert "Someone types every order off the email into the stock sheet." in [
        f.evidence[0].quote for f in found if f.label == "need"
    ]
    # the embedding pass is told about the turns the head reads, too
    texts = NeedsCoverageDetector(need_head=0.7).embedding_texts(call, context)
    assert "How do orders reach the depot today? Walk me through a normal morning." in texts


def test_a_need_only_the_head_read_never_promotes_a_capability(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import callcoach.nlp.heads as heads

    monkeypatch.setattr(heads, "load_head", lambda name, *a: _RecordingPairHead())
    # No need phrase in the buyer's line: only the head reads it as a need.
    need = ("Prospect", "The drivers write the fridge temperature on a clipboard at each stop.")
    answer = ("Rep", "Our van sensor logs the fridge temperature every five minutes on its own.")
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    found = NeedsCoverageDetector(need_head=0.7).detect(make_call([need, answer]), context)
    assert [f.evidence[0].quote for f in found if f.label == "need"] == [need[1]]
    assert [f for f in found if f.label == "recommendation"] == []


def test_turn_tail_keeps_the_last_sentences_of_a_turn() -> None:
    turn = "Thanks for that.  How many vans run each day? And who plans the routes?"
    assert turn_tail(turn, None) == turn  # the whole turn, as it is
    assert turn_tail(turn, 1) == "And who plans the routes?"
    assert turn_tail(turn, 2) == "How many vans run each day? And who plans the routes?"
    assert turn_tail("so how do you plan the routes now", 1) == "so how do you plan the routes now"
    assert turn_tail("", 1) == "."


def test_a_head_trained_on_the_last_sentence_reads_only_that_sentence(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import callcoach.nlp.heads as heads

    head = _RecordingPairHead(context_sentences=1)
    monkeypatch.setattr(heads, "load_head", lambda name, *a: head)
    lines = [
        ("Rep", "Thanks for making the time. How do orders reach the depot today?"),
        ("Prospect", "Someone types every order off the email into the stock sheet."),
    ]
    call = make_call(lines)
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    NeedsCoverageDetector(need_head=0.7).detect(call, context)
    assert head.pairs == [("How do orders reach the depot today?", lines[1][1])]
    # small_talk_needs off: with it on, the small_talk detector's whole utterances are
    # announced too (texts the pipeline embeds for small_talk anyway)
    texts = NeedsCoverageDetector(need_head=0.7, small_talk_needs=False).embedding_texts(
        call, context
    )
    assert "How do orders reach the depot today?" in texts
    assert lines[0][1] not in texts


def test_the_head_reads_only_sentences_of_need_head_words(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import callcoach.nlp.heads as heads

    head = _RecordingPairHead()
    monkeypatch.setattr(heads, "load_head", lambda name, *a: head)
    lines = [
        ("Rep", "How do orders reach the depot today?"),
        ("Prospect", "By email, mostly."),
        ("Prospect", "Mostly they come in by email."),
        ("Prospect", "Someone types every order off the email into the stock sheet."),
    ]
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    NeedsCoverageDetector(need_head=0.7, need_head_words=8).detect(make_call(lines), context)
    assert [text for _, text in head.pairs] == [lines[3][1]]
    head.pairs.clear()
    NeedsCoverageDetector(need_head=0.7, need_head_words=None).detect(make_call(lines), context)
    assert [text for _, text in head.pairs] == [lines[2][1], lines[3][1]]
