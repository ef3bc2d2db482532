"""A longer fuzz run than the CI property tests: random hostile inputs through the report
renderers, the CRM reader, the dump reader and the Markdown escaper, for a time budget.

Counts inputs, crashes (any exception other than the clear errors each target may raise)
and the slowest input per target; crashing inputs are saved under --crashes so they can
become regression cases. Figures go to docs/reliability.md.

    python scripts/fuzz.py --seconds 60            # about a minute per target
    python scripts/fuzz.py --seconds 5 --seed 1    # a quick smoke run
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAYLOADS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "![t](http://t.invalid/p.png)",
    "[x](javascript:alert(1))", "[bold]", "[/]", "&lt;", "`", "**", "|", "#", "\\", "\udcff",
    "\ud800", "\u2028", "\x85", "\x0c", "\x00", "\u202e", "e\u0301", "名字", "שלום", "مرحبا",
    "a@" * 50, "<v ", "{\\an8}", "9" * 400, "1e400", "nan", "inf", "-0", "\t", "\r\n", "\r",
]  # fmt: skip
TIMES = [None, 0.0, 5e-324, 1e308, -1e308, float("inf"), float("nan"), 1e10, 1e-300, -1.0]


def text(rng: random.Random, size: int = 40) -> str:
    parts = []
    for _ in range(rng.randint(0, 6)):
        kind = rng.random()
        if kind < 0.4:
            parts.append(rng.choice(PAYLOADS))
        elif kind < 0.7:
            parts.append("".join(chr(rng.randint(32, 0x2FFF)) for _ in range(rng.randint(0, 12))))
        else:
            parts.append(rng.choice(["How much does it cost?", "Fine.", "We plan weekly", " "]))
    return "".join(parts)[:size]


def a_time(rng: random.Random) -> float | None:
    return rng.choice(TIMES) if rng.random() < 0.3 else round(rng.uniform(0, 3600), 2)


@dataclass
class Target:
    name: str
    make: Callable[[random.Random], Any]
    run: Callable[[Any], None]
    expected: tuple[type[BaseException], ...] = ()
    inputs: int = 0
    crashes: list[tuple[str, str]] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")


def make_call(rng: random.Random) -> Any:
    from callcoach.model import Call, RoleAssignment, Utterance

    rep, prospect = text(rng, 20) or "Rita", text(rng, 20) or "Paul"
    if rep == prospect:
        prospect += "2"
    utterances = tuple(
        Utterance(
            f"u{i:04d}", i, rng.choice([rep, prospect]), text(rng, 200), a_time(rng), a_time(rng)
        )
        for i in range(rng.randint(1, 30))
    )
    call = Call(
        "0" * 64, f"calls/{text(rng, 20)}.json", "json", utterances, (), title=text(rng, 30)
    )
    speakers = {u.speaker for u in utterances if u.speaker}
    roles = RoleAssignment(
        {s: ("rep" if s == rep else "prospect") for s in speakers}, 1.0, "explicit"
    )
    return call, roles


def run_render(data: Any) -> None:
    from rich.console import Console

    from callcoach.api import analyze
    from callcoach.report import build_report, html, markdown, team, terminal

    call, roles = data
    analysis = analyze(call, roles=roles, rubric="expert-not-friend")
    report = build_report(analysis)
    json.loads(report.model_dump_json(), parse_constant=_no_constant)
    markdown.render(report).encode("utf-8")
    html.render_call(report).encode("utf-8")
    Console(file=io.StringIO(), width=80, markup=False).print(terminal.render(report))
    summary = team.build_team_report([report], {call.source: "x.html"})
    team.render_markdown(summary).encode("utf-8")
    team.render_html(summary).encode("utf-8")


def _no_constant(name: str) -> None:
    raise ValueError(f"not strict JSON: {name}")


HEADER = ["deal_id", "name", "account", "amount", "currency", "stage", "created", "close_date",
          "owner", "contact_emails"]  # fmt: skip


def make_csv(rng: random.Random) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=rng.choice([",", ";", "\t"]))
    writer.writerow(HEADER if rng.random() < 0.9 else [text(rng, 10) for _ in HEADER])
    for _ in range(rng.randint(0, 20)):
        row = [text(rng, 60) for _ in range(rng.randint(1, len(HEADER) + 2))]
        if rng.random() < 0.5 and len(row) > 3:
            row[3] = rng.choice(["1,250.00", "$12", "100 abc", "9" * 400, "12.500,00 €", "-1"])
        writer.writerow(row)
    raw = out.getvalue()
    if rng.random() < 0.1:  # unquoted separators and line-break look-alikes
        raw = raw.replace("\r\n", rng.choice(["\n", "\r", "\x85\n", "\u2028\n"]))
    return raw


def run_csv(raw: str) -> None:
    import math

    from callcoach.crm.csv_import import read_deals
    from callcoach.crm.mapping import builtin_mapping

    result = read_deals(raw, builtin_mapping("generic"))
    for deal in result.deals:
        if deal.amount is not None and not math.isfinite(deal.amount):
            raise AssertionError("non-finite amount")


DUMP_KEYS = ["id", "source", "amount", "row", "won", "call_id", "deal_id", "contact_emails",
             "created", "utterances", "confidence"]  # fmt: skip


def make_dump(rng: random.Random) -> str:
    lines = ['{"format":"callcoach-dump","type":"header","version":1}']
    for _ in range(rng.randint(0, 8)):
        kind = rng.choice(["call", "deal", "link", "other"])
        record: dict[str, Any] = {"type": kind}
        for key in rng.sample(DUMP_KEYS, 5):
            record[key] = rng.choice(
                [None, 1, -1, 10**30, 1.5, True, "x", [], {}, [1, "a"], text(rng)]
            )
        line = json.dumps(record)
        if rng.random() < 0.1:
            line = line[: rng.randint(0, len(line))]
        if rng.random() < 0.05:
            line = '{"type":"deal","amount":' + "9" * 5000 + "}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def run_dump(raw: str) -> None:
    from callcoach.storage.dump import read_dump

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "d.jsonl"
        path.write_text(raw, encoding="utf-8", errors="surrogatepass")
        read_dump(path)


def run_markdown(raw: str) -> None:
    from markdown_it import MarkdownIt

    from callcoach.escape import markdown_text

    rendered = MarkdownIt("commonmark", {"html": True}).render("Said: " + markdown_text(raw))
    if "<" in rendered.replace("<p>", "").replace("</p>", ""):
        raise AssertionError(f"markup escaped: {rendered[:80]!r}")


def targets() -> list[Target]:
    from callcoach.errors import CallcoachError

    return [
        Target("report renderers", make_call, run_render),
        Target("CRM reader", make_csv, run_csv, (CallcoachError,)),
        Target("dump reader", make_dump, run_dump, (CallcoachError,)),
        Target("Markdown escaper", lambda rng: text(rng, 400), run_markdown),
    ]


def fuzz(target: Target, seconds: float, seed: int, crashes: Path) -> None:
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = target.make(rng)
        start = time.process_time()
        try:
            target.run(data)
        except target.expected:
            pass
        except Exception:
            target.crashes.append((repr(data)[:2000], traceback.format_exc(limit=3)))
        spent = time.process_time() - start
        target.inputs += 1
        if spent > target.slowest[0]:
            target.slowest = (spent, repr(data)[:120])
    if target.crashes:
        crashes.mkdir(parents=True, exist_ok=True)
        out = crashes / f"{target.name.replace(' ', '-')}.json"
        out.write_text(json.dumps(target.crashes, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="per target")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"))
    args = parser.parse_args(argv)
    found = targets()
    run_render(make_call(random.Random(0)))  # load the models once, outside the timing
    for target in found:
        fuzz(target, args.seconds, args.seed, args.crashes)
    print(f"seed {args.seed}, {args.seconds:g} s per target (CPU time per input)\n")
    print("| target | inputs | crashes | slowest input (CPU s) |")
    print("|---|---:|---:|---:|")
    for t in found:
        print(f"| {t.name} | {t.inputs:,} | {len(t.crashes)} | {t.slowest[0]:.3f} |")
    for t in found:
        for data, trace in t.crashes[:3]:
            print(f"\n{t.name} crash on {data[:200]}\n{trace}")
    return 1 if any(t.crashes for t in found) else 0


if __name__ == "__main__":
    raise SystemExit(main())
