"""callcoach.nlp.voice: which speakers talk like a seller, read by the seller_voice head."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from callcoach.nlp.voice import MAX_SENTENCES, MIN_SENTENCES, Voice, describe, speaker_voice

# Invented for these tests (not in the head's training file, not from any evaluation call).
SELLER = [
    "Could you tell me how your planners build the weekly dispatch schedule today?",
    "What does it cost you when a driver shows up at the wrong yard?",
    "Most depots we work with lose the time in the hand-offs between shifts.",
    "I'd suggest we start with the two busiest depots and prove it there first.",
    "I'll send a short proposal with the pilot scope and the pricing by Thursday.",
]
BUYER = [
    "Our planners still do the whole schedule on a whiteboard every Monday morning.",
    "Last month two drivers went to the wrong yard and we paid the customer a penalty.",
    "I'd have to take anything like this to our operations director before we commit.",
    "Does it work with the telematics boxes we already have in the trucks?",
    "We signed a two-year contract with our current vendor in the spring.",
]


def _turns(seller: list[str], buyer: list[str]) -> list[tuple[str, str]]:
    turns = []
    for s, b in zip(seller, buyer, strict=True):
        turns += [("Morgan", s), ("Casey", b)]
    return turns


def test_the_seller_talks_more_like_a_seller() -> None:
    voice = speaker_voice(_turns(SELLER, BUYER))
    assert voice.ranked == ["Morgan", "Casey"]
    assert voice.scores["Morgan"] - voice.scores["Casey"] > 0.5
    assert voice.sentences == {"Morgan": 5, "Casey": 5}
    assert "Morgan" in describe(voice) and "5 sentences" in describe(voice)


def test_short_sentences_and_quiet_speakers_get_no_score() -> None:
    turns = [*_turns(SELLER, BUYER), ("Robin", "Yes, sounds good. Okay. Thanks.")]
    turns += [("Robin", "I can hear you now, sorry about that.")] * (MIN_SENTENCES - 1)
    voice = speaker_voice(turns)
    assert "Robin" not in voice.scores


def test_no_speaker_with_enough_sentences_embeds_nothing() -> None:
    class Refuses:
        def encode(self, texts: list[str]) -> NDArray[np.float32]:
            raise AssertionError("nothing to embed")

    voice = speaker_voice([("A", "Hello there."), ("B", "Hi, how are you?")], Refuses())
    assert voice == Voice({}, {})


def test_a_long_call_is_sampled_evenly_up_to_the_cap() -> None:
    seen: list[str] = []

    class Counting:
        def encode(self, texts: list[str]) -> NDArray[np.float32]:
            seen.extend(texts)
            return np.zeros((len(texts), 384), dtype=np.float32)

    many = [("S", f"This is sentence number {i} of a very long monologue.") for i in range(500)]
    voice = speaker_voice(many, Counting())
    assert voice.sentences == {"S": MAX_SENTENCES}
    assert len(seen) == MAX_SENTENCES
    assert seen[0].endswith("number 0 of a very long monologue.")
    assert seen[-1] != seen[-2]
