"""Regex sentence spans."""

from __future__ import annotations

import pytest

from callcoach.nlp.sentences import sentences, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Great. How many reps do you have? we use excel",
            ["Great.", "How many reps do you have?", "we use excel"],
        ),
        ("so how does that work for you today", ["so how does that work for you today"]),
        (
            "Well , that's too far.Can you change it ?",
            ["Well , that's too far.", "Can you change it ?"],
        ),
        ("Mr. Smith met Dr. Jones. They agreed!", ["Mr. Smith met Dr. Jones.", "They agreed!"]),
        ('He said "Really?" Then left.', ['He said "Really?"', "Then left."]),
        ("No. Okay… fine", ["No.", "Okay…", "fine"]),
        ("We pay $4.50 per seat, e.g. for sales.", ["We pay $4.50 per seat, e.g. for sales."]),
        ("", []),
        ("   ", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_spans_point_into_the_text_without_surrounding_spaces() -> None:
    text = "  First one.   Second?  "
    spans = split_sentences(text)
    assert spans == [(2, 12), (15, 22)]
    assert [text[a:b] for a, b in spans] == ["First one.", "Second?"]


def test_memoized_spans_are_a_fresh_list_for_every_caller() -> None:
    text = "We ship on Friday. Dr. Lee signs the order. Fine?"
    first = split_sentences(text)
    first.append((0, 1))
    first.clear()
    again = split_sentences(text)
    assert [text[a:b] for a, b in again] == [
        "We ship on Friday.",
        "Dr. Lee signs the order.",
        "Fine?",
    ]
    assert again is not split_sentences(text)
