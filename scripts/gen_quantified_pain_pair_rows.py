"""Write ``training/heads/quantified_pain_pair.jsonl``: invented exchanges for a two-turn head.

Each row is the turn or sentence before (``context``: the rep's question, or the prospect's
own sentence naming the problem) and a clause holding a number (``text``), labelled 1 when the
number measures what the problem costs (money, hours, people tied up, lost customers or deals,
error and failure rates) and 0 when it is a logistics number, a price or quote, the size of the
business, a tenure, a meeting length, a goal or a vendor's claim. Many answers carry no cost
word of their own ("About forty a week.", "Three of our bigger accounts."): only the question
or the sentence before makes them pain, and the same short answer after a size or logistics
question is none. That contrast is what a sentence head on composed single sentences could
not learn (quantified_pain 1.8, docs/evaluation/quantified_pain.md).

Every sentence below was invented for this file (many industries and English varieties, a share
turned into ASR style); none comes from a sales call, a blind call or a corpus. ``group`` is the
answer's id, so grouped cross-validation never scores an answer it was trained on.

Usage: python scripts/gen_quantified_pain_pair_rows.py [--out ...]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 43

# Short answers whose meaning comes from the question: (answer, pain questions, other questions)
CONTRAST = [
    (
        "About forty a week.",
        [
            "How many hours go into rework every week?",
            "how much time do the planners lose fixing the rota",
        ],
        ["How many deliveries do you do a week?", "How many new patients do you see weekly?"],
    ),
    (
        "Around twelve, give or take.",
        ["How many mis-picks are you seeing a day?", "How many shipments go out wrong each day?"],
        ["How many people are on the team?", "How many branches have you got?"],
    ),
    (
        "Probably three or four.",
        [
            "How many big customers have you lost over it?",
            "How many deals slipped because of the delays?",
        ],
        ["How many sites would need it?", "How many people would join the demo?"],
    ),
    (
        "Maybe fifteen percent.",
        [
            "What share of the invoices come back with errors?",
            "What percentage of orders end up late?",
        ],
        ["What share of your business is export?", "What percentage of staff are part-time?"],
    ),
    (
        "Thirty grand, easily.",
        ["What did the fine end up costing you?", "And the write-offs last year, roughly?"],
        [
            "What's the budget you've set aside for this?",
            "What did you pay for the current licence?",
        ],
    ),
    (
        "Two full days.",
        ["How long were the tills down?", "How long does it take to fix a wrong payroll run?"],
        ["How long is the training course?", "How long would you want the pilot to run?"],
    ),
    (
        "Every single month end, about eight hours.",
        [
            "How much time goes on reconciling by hand?",
            "what does the manual close cost you in time",
        ],
        ["When do you usually run the reports?", "How long are your board meetings?"],
    ),
    (
        "Close to half.",
        ["How many of the calls go unanswered at peak?", "How much of the stock was spoiled?"],
        ["How much of the fleet is electric?", "How many of the team work remotely?"],
    ),
    (
        "Like two lakh a month.",
        ["How much is the leakage costing you?", "what are the penalties running at"],
        ["What's your monthly spend on software?", "What's the rent on the new unit?"],
    ),
    (
        "Six, this year alone.",
        [
            "How many nurses have left over the scheduling?",
            "How many drivers quit because of the routes?",
        ],
        ["How many new hires this year?", "How many trucks did you add?"],
    ),
    (
        "Roughly one in ten.",
        ["How often does a delivery get rejected?", "How many claims get bounced back?"],
        ["How many of your customers pay by card?", "How many of the stores are franchised?"],
    ),
    (
        "About fifty thousand rand.",
        ["What did the outage cost the business?", "How much did you lose on that contract?"],
        ["What's your budget for the project?", "What did the last system cost you to buy?"],
    ),
]

# Pain questions and a full answer that keeps the number tied to the problem.
PAIN_QA = [
    (
        "How much time do the team lose chasing paperwork?",
        "Honestly, two people spend most of their Friday on it.",
    ),
    ("What's that costing you, roughly?", "We reckon about eighty thousand a year in overtime."),
    (
        "How often does the system go down?",
        "Three or four times a month, and each time it's half a day gone.",
    ),
    (
        "How many orders did you miss over the holidays?",
        "We had something like two hundred orders we just couldn't fill.",
    ),
    (
        "What does a late shipment cost you?",
        "The retailer docks us five percent of the invoice for every late pallet.",
    ),
    (
        "How many customers have you lost to it?",
        "We lost four decent accounts last year, that's about a hundred and twenty grand.",
    ),
    ("and how long do the guys wait at the gate", "sometimes two hours a truck just sitting there"),
    (
        "How bad is the no-show problem?",
        "We're running about eighteen percent no-shows on Mondays.",
    ),
    (
        "What happens when the stock count is off?",
        "We wrote off about nine thousand pounds of stock in March.",
    ),
    ("How much rework is there?", "About a third of the drawings come back for changes."),
    (
        "Kya the delays are costing you?",
        "Sir, almost three lakh rupees every quarter in penalties only.",
    ),
    (
        "How long does it take to onboard a new client now?",
        "Six weeks, and we lose about one in five of them before they go live.",
    ),
    (
        "how many hours are the nurses spending on the rota",
        "the ward managers lose a whole day a week to it",
    ),
    (
        "What's the damage from the chargebacks?",
        "It's around twelve thousand dollars a month now, and climbing.",
    ),
    (
        "How much does each outage set you back?",
        "Each hour the line's down is about eleven grand of output.",
    ),
    (
        "What does that mean for the crews?",
        "Every job that slips is two guys standing around for half a day.",
    ),
    (
        "How much are you missing on the discounts?",
        "We reckon we only capture about a third of the early-payment discounts.",
    ),
    ("How often do the counts go wrong?", "We get a mismatch on maybe one pallet in fifteen."),
    ("And what does the churn look like?", "We're losing around six percent of members a month."),
    (
        "how many complaints do you get about it",
        "like thirty a week at least and every one takes an hour to sort",
    ),
    ("What's it doing to the margins?", "Freight errors eat about two points of margin."),
    (
        "How many bookings fall through?",
        "Twelve last month alone, all because nobody called them back.",
    ),
    (
        "What does the manual entry cost?",
        "Two clerks spend the whole of Monday keying in delivery notes.",
    ),
    (
        "What did the audit finding cost you?",
        "We paid a forty thousand euro fine and two months of consultants.",
    ),
]

# The prospect names the problem, then puts a number on it in the next sentence.
PAIN_STORY = [
    (
        "The scanners keep dropping off the network.",
        "We had six hours of downtime last week alone.",
    ),
    (
        "Our invoices go out late every month.",
        "That's pushing about two hundred grand of cash into the next month.",
    ),
    ("The drivers hate the routing, to be honest.", "We've had five of them leave since June."),
    ("Returns are a nightmare for us.", "Roughly one in eight parcels comes back."),
    (
        "The quotes take forever to put together.",
        "Each one is three or four hours of an engineer's time.",
    ),
    ("We keep double-booking the rooms.", "It happens maybe ten times a week."),
    (
        "the handover between shifts is a mess",
        "we lose like twenty minutes every shift just finding stuff",
    ),
    ("We missed the tender deadline again.", "That one was worth about half a million."),
    ("Our month end is completely manual.", "It takes the three of us about nine working days."),
    (
        "Customers keep complaining about the wait on the phones.",
        "Average wait is eleven minutes at lunchtime.",
    ),
]

# Numbers that are not what the problem costs, with the turn before them.
NOT_PAIN = [
    ("How many sites do you have?", "We've got fourteen sites across the country."),
    ("How big is the team?", "About a hundred and twenty staff, give or take."),
    ("What's your budget for this?", "We've got around fifty thousand set aside."),
    ("How long have you been in the role?", "Going on eleven years now."),
    ("When's a good time for the follow-up?", "Thursday at two would work."),
    ("How long have we got today?", "I've got about thirty minutes, then a hard stop."),
    ("It comes in at nine hundred a month.", "Nine hundred a month, okay, per site?"),
    ("Our customers typically save about thirty percent.", "Thirty percent would be nice."),
    ("How many users would need logins?", "Probably forty to start with."),
    (
        "What's your target for next year?",
        "The board wants us to cut costs by ten percent by December.",
    ),
    ("How much do you turn over?", "We're about a forty million dollar business."),
    ("How many invoices do you process?", "About four thousand two hundred a month."),
    ("What did the other vendor quote?", "They quoted us twelve thousand for the year."),
    ("How long would the rollout take?", "We'd want it done within three months."),
    ("When does the contract end?", "We're in until the end of March, then it's rolling."),
    ("how many trucks are running", "we got sixty trucks two depots"),
    ("What's the approval limit?", "Anything under fifty thousand I can sign myself."),
    ("How many shifts do you run?", "Three shifts of eight hours, seven days."),
    ("What version are you on?", "We're still on version nine point two."),
    ("How was the weekend?", "Great, I ran ten kilometres on Saturday."),
    ("So what would the pilot look like?", "Two clinics for two weeks, maybe twenty users."),
    ("How many locations are in scope?", "Just the three warehouses in Selangor for now."),
    ("What's the price per seat?", "It's twenty-five dollars a seat per month."),
    ("How long's the demo?", "Should be about forty-five minutes."),
    # small talk, vendor claims, prices and plans said by either side
    ("How was the trip up?", "Oh, four hours on the motorway, the kids were climbing the walls."),
    ("Did the storm hit you guys?", "We lost power for about a day, but it's all fine now."),
    ("how was the holiday", "a week in cornwall and it rained every single day"),
    (
        "Is that the same as the other quote?",
        "The gap between the two quotes is about eight thousand a year.",
    ),
    ("What's the per-device cost?", "It's about nine dollars a device instead of twelve."),
    (
        "Do other firms see results?",
        "Our clients see cycle times drop about thirty percent on average.",
    ),
    ("What kind of savings are typical?", "We've had customers cut their energy bills by a third."),
    ("How big are you guys?", "We audit about three billion dollars of invoices a year."),
    ("How long does setup take?", "You can set it up in about a day, we help you with it."),
    ("What's the timeline?", "Realistically six to eight weeks to get it through security."),
    (
        "What would you suggest?",
        "I'd hold off on the extra thousand sensors until you've had three months of data.",
    ),
    ("How's the team doing?", "Great, we've got like a ninety-five percent retention rate."),
    ("What volume do your drivers do?", "They're doing about forty drops a day each."),
    ("So what does that come to?", "It was eleven hundred and forty, including delivery."),
    ("How long is the contract?", "It's a twelve-month term, then monthly after that."),
    (
        "Has business been good?",
        "Busy season's great for us, we had call-outs for three days straight.",
    ),
    ("What's the discount?", "We can do fifteen percent off if you sign this month."),
    ("When did you start the company?", "My dad started it about thirty years ago."),
]

FILLERS = ["um", "uh", "like", "you know", "so", "yeah", "I mean", "basically"]


def asr(text: str, rng: random.Random) -> str:
    words = re.sub(r"[^\w\s'’-]", "", text.lower()).split()
    if words and rng.random() < 0.6:
        words.insert(rng.randrange(len(words)), rng.choice(FILLERS).lower())
    return " ".join(words)


def rows() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    out: list[dict[str, object]] = []

    def add(group: str, context: str, text: str, label: int, note: str) -> None:
        if rng.random() < 0.25:
            context, text = asr(context, rng), asr(text, rng)
        out.append({"context": context, "text": text, "label": label, "group": group, "note": note})

    for i, (answer, pains, others) in enumerate(CONTRAST):
        for q in pains:
            add(f"contrast{i:03d}", q, answer, 1, "short answer to a pain question")
        for q in others:
            add(f"contrast{i:03d}", q, answer, 0, "the same answer to a size or logistics question")
    for i, (q, answer) in enumerate(PAIN_QA):
        add(f"qa{i:03d}", q, answer, 1, "answer to a pain question")
    for i, (before, answer) in enumerate(PAIN_STORY):
        add(f"story{i:03d}", before, answer, 1, "number after the problem")
    for i, (before, answer) in enumerate(NOT_PAIN):
        add(f"not{i:03d}", before, answer, 0, "logistics, size, price, goal or claim")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "training/heads/quantified_pain_pair.jsonl"
    )
    args = parser.parse_args()
    lines = [json.dumps(r, ensure_ascii=False) for r in rows()]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(lines)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
