"""``_word_before`` walks back from a period; it must find what the forward regex found."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from callcoach.nlp.sentences import _word_before, split_sentences

_FORWARD = re.compile(r"([\w.]+)$")
# Word characters of several scripts, digits that are not ASCII, periods, underscores,
# spaces, newlines and punctuation: the cases where ``\w`` and the backward walk could part.
_ALPHABET = "aZ9_.é\u00b2\u0663\u4e2d \n\t?!-'’"


@given(st.text(alphabet=_ALPHABET, max_size=14), st.data())
def test_word_before_is_the_forward_search(text: str, data: st.DataObject) -> None:
    end = data.draw(st.integers(min_value=0, max_value=len(text)))
    match = _FORWARD.search(text, 0, end)
    assert _word_before(text, end) == (match.group(1) if match else "")


def test_abbreviations_still_do_not_end_a_sentence() -> None:
    text = "I met Dr. Okafor and Ms. Lund at noon. Then we left.\nOk."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "I met Dr. Okafor and Ms. Lund at noon.",
        "Then we left.",
        "Ok.",
    ]


def test_a_long_turn_of_many_sentences_splits_in_linear_time() -> None:
    # Thousands of periods in one text: each is checked from where it stands, not by a
    # search from the start of the text (no timing assert: the count of spans is checked).
    text = " ".join(f"Step {i} is done." for i in range(3000))
    assert len(split_sentences(text)) == 3000
