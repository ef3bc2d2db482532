"""Amount, date and flag parsing: the rules docs/crm.md states."""

from __future__ import annotations

from datetime import date

import pytest

from callcoach.crm.values import Money, ValueProblem, parse_amount, parse_date, parse_flag


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("$12,500.00", ".", Money(12500.0, "USD")),
        ("12.500,00 €", ".", Money(12500.0, "EUR")),
        ("€12.500,00", ",", Money(12500.0, "EUR")),
        ("12500", ".", Money(12500.0, None)),
        ("12,500", ".", Money(12500.0, None)),
        ("1,250,000", ".", Money(1250000.0, None)),
        ("1.250.000", ",", Money(1250000.0, None)),
        ("USD 9,999.99", ".", Money(9999.99, "USD")),
        ("12 500,50 eur", ",", Money(12500.5, "EUR")),
        ("1'234.50 CHF", ".", Money(1234.5, "CHF")),
        ("0.500", ".", Money(0.5, None)),
        ("12,5", ",", Money(12.5, None)),
        ("£80", ".", Money(80.0, "GBP")),
        ("", ".", None),
    ],
)
def test_amounts(text: str, decimal: str, expected: Money | None) -> None:
    assert parse_amount(text, decimal) == expected


@pytest.mark.parametrize(
    ("text", "decimal", "reason"),
    [
        ("12.500", ".", "ambiguous"),
        ("12,500", ",", "ambiguous"),
        ("12,5", ".", "not the decimal separator"),
        ("-500", ".", "negative"),
        ("(500.00)", ".", "negative"),
        ("$10 €", ".", "more than one currency"),
        ("about 10k", ".", "not an amount"),
        ("1,23,45", ".", "not an amount"),
    ],
)
def test_bad_amounts(text: str, decimal: str, reason: str) -> None:
    with pytest.raises(ValueProblem, match=reason):
        parse_amount(text, decimal)


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("2026-03-05", False, date(2026, 3, 5)),
        ("2026-03-05T10:00:00Z", False, date(2026, 3, 5)),
        ("2026-03-05 10:00", False, date(2026, 3, 5)),
        ("3/5/2026", False, date(2026, 3, 5)),
        ("3/5/2026", True, date(2026, 5, 3)),
        ("05.03.2026", False, date(2026, 3, 5)),
        ("", False, None),
    ],
)
def test_dates(text: str, day_first: bool, expected: date | None) -> None:
    assert parse_date(text, day_first) == expected


def test_bad_date_names_the_expected_forms() -> None:
    with pytest.raises(ValueProblem, match="M/D/YYYY"):
        parse_date("next Tuesday")
    with pytest.raises(ValueProblem, match="not a date"):
        parse_date("13/13/2026")


def test_flags() -> None:
    assert [parse_flag(x) for x in ("true", "1", "Yes", "FALSE", "0", "")] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    with pytest.raises(ValueProblem, match="yes/no"):
        parse_flag("maybe")
