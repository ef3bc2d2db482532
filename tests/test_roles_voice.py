"""roles: how people talk (the seller-voice head) checks and completes the phrase cues."""

from __future__ import annotations

import pytest

from callcoach.model import Call
from callcoach.nlp.voice import Voice
from callcoach.roles import _Scores, _sides, _voice_lead, resolve_roles
from callcoach.testing import make_call

# Invented: a two-person call with none of the phrase cues the heuristic knows, so the
# phrases alone cannot name the seller (confidence is capped for a questions-only guess).
SELLER = [
    "So how are the claims handlers splitting the work across the two offices right now?",
    "And when a claim sits in the queue for a week, what does that do to renewals?",
    "The carriers we work with usually find the delay sits in the document chasing.",
    "My suggestion would be to start with the motor claims, where the volume is.",
    "I can put a pilot plan together with dates and owners and get it to you Friday.",
    "Would it make sense to bring your claims director into the next conversation?",
]
BUYER = [
    "We've got eighteen handlers, and honestly the Leeds office is drowning at the moment.",
    "We lost two fleet renewals last quarter because the claims took too long to settle.",
    "Half my team's day goes on phoning garages for estimates and photos.",
    "Our director will want to know how this fits with the core claims system.",
    "We're in the middle of a system upgrade, so the timing is awkward for us.",
    "I'd need to see the pilot plan before I put it in front of anyone.",
]


def _buyer_and_seller_call() -> Call:
    """Jo says the BUYER lines and Ash the SELLER lines, turn about."""
    return make_call(
        [
            (who, text)
            for pair in zip(BUYER, SELLER, strict=True)
            for who, text in (("Jo", pair[0]), ("Ash", pair[1]))
        ]
    )


def test_the_voices_name_the_seller_when_the_phrases_cannot() -> None:
    assignment = resolve_roles(_buyer_and_seller_call(), required=False)
    assert assignment.reps == ("Ash",)
    assert assignment.prospects == ("Jo",)
    assert any("the voices decide" in r for r in assignment.reasons)
    assert any("seller-voice head" in r for r in assignment.reasons)


def test_too_little_speech_leaves_the_refusal_alone() -> None:
    lines = [("Jo", "Okay."), ("Ash", "Right, great."), ("Jo", "Sure."), ("Ash", "Cheers.")]
    assignment = resolve_roles(make_call(lines), required=False)
    assert assignment.method == "none"
    assert not any("voices decide" in r for r in assignment.reasons)


# ---- the sellers as a side on calls of three or more (roles._sides) ----


def _voice(scores: dict[str, float]) -> Voice:
    return Voice(scores, dict.fromkeys(scores, 10))


FOUR = ["ae", "se", "vp", "user"]
SHARES = dict.fromkeys(FOUR, 0.25)


def test_sides_put_a_weak_second_seller_with_the_ae_when_both_cues_and_voice_agree() -> None:
    phrases = {"ae": 2.5, "se": 0.75, "vp": -1.0, "user": 0.0}
    voice = _voice({"ae": 0.5, "se": 0.0, "vp": -0.7, "user": -0.8})
    found = _sides(phrases, voice, FOUR, SHARES)
    assert found is not None and found[0] == ["ae", "se"]


def test_sides_never_add_a_seller_by_voice_alone() -> None:
    # "user" talks like a seller (a buyer champion) but says no seller phrase: they stay a
    # buyer only if they also talk like one, so no decision.
    phrases = {"ae": 2.5, "se": 0.0, "vp": -1.0, "user": 0.0}
    voice = _voice({"ae": 0.5, "se": 0.6, "vp": -0.7, "user": -0.8})
    assert _sides(phrases, voice, FOUR, SHARES) is None


def test_sides_refuse_a_weak_seller_who_talks_like_the_buyers() -> None:
    phrases = {"ae": 2.5, "se": 0.75, "vp": -1.0, "user": 0.0}
    voice = _voice({"ae": 0.5, "se": -0.5, "vp": -0.7, "user": -0.8})
    assert _sides(phrases, voice, FOUR, SHARES) is None


def test_sides_refuse_a_buyer_side_speaker_with_a_seller_phrase() -> None:
    phrases = {"ae": 2.5, "se": 1.0, "vp": -1.0, "user": 0.25}
    voice = _voice({"ae": 0.5, "se": 0.2, "vp": -0.7, "user": -0.8})
    assert _sides(phrases, voice, FOUR, SHARES) is None


def test_sides_refuse_a_buyer_who_talks_more_like_a_seller_than_a_sure_seller() -> None:
    phrases = {"ae": 2.5, "se": 2.0, "vp": -1.0, "user": -0.75}
    voice = _voice({"ae": 0.5, "se": -0.5, "vp": -0.4, "user": -0.8})
    assert _sides(phrases, voice, FOUR, SHARES) is None


def test_sides_leave_a_silent_listener_with_the_buyers_but_not_a_talker_without_a_voice() -> None:
    speakers = ["ae", "buyer", "listener"]
    phrases = {"ae": 2.0, "buyer": -1.5, "listener": 0.0}
    voice = _voice({"ae": 0.5, "buyer": -0.6})
    quiet = {"ae": 0.6, "buyer": 0.38, "listener": 0.02}
    found = _sides(phrases, voice, speakers, quiet)
    assert found is not None and found[0] == ["ae"]
    talker = {"ae": 0.5, "buyer": 0.3, "listener": 0.2}
    assert _sides(phrases, voice, speakers, talker) is None


def test_sides_need_three_speakers_and_a_phrase_seller() -> None:
    assert _sides({"a": 2.0, "b": -1.0}, _voice({"a": 1, "b": -1}), ["a", "b"], {}) is None
    phrases = {"ae": 0.0, "se": 0.0, "vp": -1.0, "user": -1.0}
    voice = _voice({"ae": 0.5, "se": 0.4, "vp": -0.7, "user": -0.8})
    assert _sides(phrases, voice, FOUR, SHARES) is None


# ---- the lead seller's side (roles._voice_lead) ----


def _scores(
    phrases: dict[str, float],
    raw: dict[str, float] | None = None,
    seller_only: dict[str, float] | None = None,
    links: tuple[tuple[str, str, str], ...] = (),
) -> _Scores:
    return _Scores(
        raw if raw is not None else dict(phrases),
        {s: [] for s in phrases},
        1,
        links,
        phrases,
        seller_only if seller_only is not None else dict(phrases),
    )


THREE = ["rep", "owner", "partner"]
THIRDS = dict.fromkeys(THREE, 0.33)


def test_the_lead_seller_is_found_when_no_seller_phrase_was_said() -> None:
    # A friend-style seller says none of the seller phrases; the owner asked for a proposal.
    scores = _scores({"rep": 0.0, "owner": -1.5, "partner": 0.0})
    voice = _voice({"rep": 0.1, "owner": -0.5, "partner": -1.2})
    found = _voice_lead(scores, voice, THREE, THIRDS)
    assert found is not None and found[0] == ["rep"]


def test_the_lead_is_never_a_speaker_who_said_buyer_phrases() -> None:
    scores = _scores({"rep": 0.0, "owner": -1.0, "partner": 0.0})
    voice = _voice({"rep": -0.5, "owner": 0.4, "partner": -1.0})
    assert _voice_lead(scores, voice, THREE, THIRDS) is None


def test_a_buyer_who_out_scores_the_lead_on_phrases_and_questions_refuses() -> None:
    # The second witness: the phrase and question score puts the partner above the lead.
    scores = _scores(
        {"rep": 0.0, "owner": 0.0, "partner": 0.0}, raw={"rep": -0.2, "owner": -0.5, "partner": 0.1}
    )
    voice = _voice({"rep": 0.9, "owner": -0.6, "partner": -0.5})
    assert _voice_lead(scores, voice, THREE, THIRDS) is None


def test_a_buyer_who_talks_close_to_the_sellers_refuses() -> None:
    scores = _scores({"rep": 0.0, "owner": -1.5, "partner": 0.0})
    voice = _voice({"rep": 0.3, "owner": -0.6, "partner": 0.0})
    assert _voice_lead(scores, voice, THREE, THIRDS) is None


def test_a_second_seller_joins_only_with_side_evidence_of_their_own() -> None:
    four = ["ae", "se", "vp", "user"]
    shares = dict.fromkeys(four, 0.25)
    voice = _voice({"ae": 0.9, "se": 0.6, "vp": -0.6, "user": -0.7})
    # No seller phrase and no link: the SE's voice alone never makes them a seller, and
    # they sit too close to the lead (under 0.4 below) to be a buyer, so no decision.
    bare = _scores({"ae": 0.0, "se": 0.0, "vp": 0.0, "user": 0.0})
    assert _voice_lead(bare, voice, four, shares) is None
    # Phrases only a seller says (answering the buyers' price questions): a seller.
    priced = _scores({"ae": 0.0, "se": 1.5, "vp": 0.0, "user": 0.0}, raw=dict.fromkeys(four, 0.0))
    found = _voice_lead(priced, voice, four, shares)
    assert found is not None and found[0] == ["ae", "se"]
    # Named by the lead as one of theirs ("my colleague"): a seller.
    linked = _scores(
        {"ae": 0.0, "se": 0.0, "vp": 0.0, "user": 0.0}, links=(("ae", "se", "colleague"),)
    )
    found = _voice_lead(linked, voice, four, shares)
    assert found is not None and found[0] == ["ae", "se"]


def test_a_talker_without_a_voice_score_is_placed_only_by_buyer_phrases() -> None:
    scores = _scores({"rep": 0.0, "owner": 0.0, "partner": 0.0})
    voice = _voice({"rep": 0.5, "owner": -0.5})
    assert _voice_lead(scores, voice, THREE, THIRDS) is None
    quiet = {"rep": 0.5, "owner": 0.47, "partner": 0.03}
    found = _voice_lead(scores, voice, THREE, quiet)
    assert found is not None and found[0] == ["rep"]


def test_the_lead_seller_side_switched_on_names_the_seller_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Shipped off (roles.LEAD_SIDE): switched on, it decides before the phrase split.
    import callcoach.roles

    monkeypatch.setattr(callcoach.roles, "LEAD_SIDE", True)
    assignment = resolve_roles(_buyer_and_seller_call(), required=False)
    assert assignment.reps == ("Ash",)
    assert any("the lead seller's side decides" in r for r in assignment.reasons)


# ---- commercial terms (roles._terms, TERMS_GUARD; eighth stop) ----


@pytest.mark.parametrize(
    "text",
    [
        "I can do twelve percent off the first year if we sign before the quarter closes.",
        "we'll waive the onboarding fee for the first site",
        "I could lock you in at last year's rate for another two years.",
        "We can throw in three months free while your team gets going.",
        "I'd hold that price until the end of June for you.",
    ],
)
def test_granting_commercial_terms_is_a_sellers_act(text: str) -> None:
    from callcoach.roles import _ASKS_TERMS, _OFFERS_TERMS

    assert _OFFERS_TERMS.search(text) and not _ASKS_TERMS.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "Could you do fifteen percent if we take both warehouses?",
        "is there any flexibility on the per-seat price",
        "Any chance of a discount for a three-year term?",
    ],
)
def test_asking_for_terms_is_a_buyers_act(text: str) -> None:
    from callcoach.roles import _ASKS_TERMS, _OFFERS_TERMS

    assert _ASKS_TERMS.search(text) and not _OFFERS_TERMS.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "We can't do the price you quoted, it's over budget.",
        "We'll take the discount if the board signs off.",
        "We could do a pilot in March at the Leeds depot.",
        "I can do Thursday at ten if that suits everyone.",
        "There's some flexibility on pricing for multi-year terms.",
    ],
)
def test_other_talk_about_price_and_time_is_neither(text: str) -> None:
    from callcoach.roles import _ASKS_TERMS, _OFFERS_TERMS

    assert not _OFFERS_TERMS.search(text) and not _ASKS_TERMS.search(text)


def test_the_lead_side_is_refused_when_a_buyer_granted_terms() -> None:
    scores = _scores({"rep": 0.0, "owner": -1.5, "partner": 0.0})
    voice = _voice({"rep": 0.1, "owner": -0.5, "partner": -1.2})
    assert _voice_lead(scores, voice, THREE, THIRDS) is not None
    granted = (frozenset({"partner"}), frozenset())
    assert _voice_lead(scores, voice, THREE, THIRDS, granted) is None
    asked = (frozenset(), frozenset({"rep"}))
    assert _voice_lead(scores, voice, THREE, THIRDS, asked) is None
    # The seller granting them, the owner asking for them: the side stands.
    agree = (frozenset({"rep"}), frozenset({"owner"}))
    found = _voice_lead(scores, voice, THREE, THIRDS, agree)
    assert found is not None and found[0] == ["rep"]


def test_the_terms_come_from_the_call() -> None:
    from callcoach.roles import _terms

    call = make_call(
        [
            ("Lee", "Is there any flexibility on the licence price?"),
            ("Sam", "I can do ten percent off if you commit to two years."),
            ("Lee", "Okay, send it over."),
        ]
    )
    assert _terms(call) == (frozenset({"Sam"}), frozenset({"Lee"}))


# ---- eighth-stop switches for a seller-voice head trained on the writers (off) ----


def test_the_writers_switches_ship_off() -> None:
    import callcoach.roles as roles

    assert roles.TERMS_GUARD is True
    assert not (roles.LEAD_SIDE or roles.VOICE_CUT or roles.VOICE_SIGN or roles.LEAD_QUESTIONS)


def test_the_lead_side_is_refused_when_a_buyer_runs_the_discovery(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from collections import Counter

    import callcoach.roles as roles

    scores = _scores({"rep": 0.0, "owner": -1.5, "partner": 0.0})
    voice = _voice({"rep": 0.1, "owner": -0.5, "partner": -1.2})
    asked = Counter({"rep": 2, "owner": 1, "partner": 6})
    none = (frozenset(), frozenset())
    assert _voice_lead(scores, voice, THREE, THIRDS, none, asked) is not None
    monkeypatch.setattr(roles, "LEAD_QUESTIONS", True)
    assert _voice_lead(scores, voice, THREE, THIRDS, none, asked) is None


def test_the_sign_check_wants_sellers_above_zero_and_buyers_below() -> None:
    from callcoach.roles import _sign_against

    voice = _voice({"ae": 0.8, "se": 0.3, "vp": -0.4})
    assert not _sign_against(voice, ["ae", "se"])
    assert _sign_against(voice, ["ae"])  # the SE talks like a seller but is left a buyer
    assert _sign_against(voice, ["ae", "se", "vp"])
