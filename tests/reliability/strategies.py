"""Hypothesis strategies for hostile input: markup, control characters, surrogates, extremes."""

from __future__ import annotations

from hypothesis import strategies as st

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "![t](http://tracker.invalid/p.png)",
    "[click](javascript:alert(1))",
    "<http://tracker.invalid/>",
    "[bold]x[/bold]",
    "[/]",
    "&lt;b&gt;",
    "`code`",
    "**b** _i_ ~~s~~",
    "| a | b |",
    "# heading",
    "\\",
    "\udcff",
    "\u2028",
    "\x85",
    "\x0c",
    "\x00",
    "\u202e",
    "Zoe\u0308",
    "名字",
    "שלום",
)
_CHARS = st.characters(codec="utf-8") | st.sampled_from("<>[]()!*_`|&\\#\n\r\t\"' ")
hostile_text = st.one_of(
    st.text(_CHARS, max_size=40),
    st.lists(st.sampled_from(PAYLOADS) | st.text(_CHARS, max_size=8), max_size=5).map("".join),
)
names = hostile_text.filter(lambda s: s.strip() != "")
times = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 5e-324, 1e308, -1e308, 1e10, 1e-300]),
    st.floats(min_value=0, max_value=7200),
)
