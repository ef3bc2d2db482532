"""Write ``training/heads/stall_reply.jsonl``: invented (buyer sentence, rep's reply) rows.

The reply head (stall 2.10, round 10) reads a buyer's sentence with the first words of the
other speaker's next turn: a rep who answers "of course, take your time" or "what would you
need to see to decide?" shows that the buyer just put the decision off. The writers' rows of
the opened blind calls teach most of it (``scripts/lobo_blind_heads.py --reply``); these
invented rows add what a handful of writers may not show: put-offs in several English varieties
and ASR-style text, and **hard negatives** whose reply sounds like handling too (a deadline,
a need, logistics, an objection asked as a question, a plain blocking fact, an acceptance),
so that the head cannot learn "I understand" or "no problem" alone as a stall.

Every sentence here is invented; none is copied from an evaluation call.

    python scripts/gen_stall_reply_rows.py [--out training/heads/stall_reply.jsonl]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (group, buyer sentence) put-offs: think, send info, authority, timing, budget, status quo.
STALLS: list[tuple[str, str]] = [
    ("dental_uk", "Right, leave it with me and I'll have a think over the weekend."),
    ("fleet_us", "Honestly I need to sleep on it before I say yes to anything."),
    ("agri_ng", "Let me discuss it with my brother, he handles the money side."),
    ("saas_in", "Kindly share the deck on mail, I will go through it and revert."),
    ("retail_sg", "Can send me the brochure first? Then I check with my boss lah."),
    ("law_ie", "Sure look, I'd have to run it by the partners before anything happens."),
    ("mining_za", "Ja, it's a budget thing, maybe we look again next financial year."),
    ("cafe_au", "Mate, we're flat out till Easter, give me a bell after that."),
    ("clinic_us", "We're pretty happy with what we've got, to be honest."),
    ("logistics_uk", "Our current provider does the job, so I don't see us moving this year."),
    ("edtech_us", "Circle back with me in Q3 and we'll see where things stand."),
    ("hotel_ie", "I'll need to get the owner's blessing, he's away until the end of the month."),
    ("asr_1", "yeah look i think we just need to have a think about it internally first"),
    ("asr_2", "um just email me the pricing and i'll take a look when i get a chance"),
    ("asr_3", "not right now to be honest maybe after the audit is done"),
    ("builder_au", "Put it in an email and I'll show the missus, she does the books."),
    ("pharma_in", "Procurement has to evaluate three vendors, so we will take some time."),
    ("salon_za", "I'm not going to decide anything today, I want to compare a few options."),
    ("insure_ng", "My MD has to approve this one, I can't commit on his behalf."),
    ("print_uk", "It's a bit rich for us at the moment, we'd have to wait a while."),
    ("vet_us", "Tell you what, send over a proposal and we'll chew on it."),
    ("farm_ie", "We'll see how the harvest goes and maybe talk again in the autumn."),
    ("school_sg", "The committee only meets next term, so nothing can happen before then."),
    ("gym_au", "We've just signed a two-year deal with someone else, so not for now."),
]

# Hard negatives: the buyer's sentence is not a put-off, though the reply may sound like one
# to a head that reads the reply alone.
NEGATIVES: list[tuple[str, str, str]] = [
    ("dental_uk", "We need this live before the new patients start in March.", "deadline"),
    ("fleet_us", "If we don't fix the routing by peak season we lose the contract.", "deadline"),
    ("agri_ng", "The main problem is we lose about a fifth of the crop in storage.", "need"),
    ("saas_in", "Our team spends two full days every month reconciling invoices.", "need"),
    ("retail_sg", "We need something the shop staff can use without training lah.", "need"),
    ("law_ie", "Thursday at ten works for me, send the invite to my assistant.", "accept"),
    ("mining_za", "Ja, that sounds good, let's book the site visit for the fourth.", "accept"),
    ("cafe_au", "Does it work with the till we've already got?", "question"),
    ("clinic_us", "How long does the migration usually take for a practice our size?", "question"),
    ("logistics_uk", "Is the price per vehicle or per depot?", "question"),
    ("edtech_us", "What happens to our data if we cancel after a year?", "question"),
    ("hotel_ie", "The owner signs every contract, that's just how we work here.", "fact"),
    ("asr_1", "we have about forty people on the floor across two shifts", "fact"),
    ("asr_2", "yeah so the old system crashes every friday when the orders come in", "need"),
    ("asr_3", "we need it sorted before the audit in june otherwise we're in trouble", "deadline"),
    ("builder_au", "Can you hang on a sec, someone's at the door.", "logistics"),
    ("pharma_in", "Sorry, my screen froze, could you share the slide again?", "logistics"),
    ("salon_za", "I'm running a bit late for my next meeting, can we wrap up in ten?", "logistics"),
    ("insure_ng", "We tried a cheaper tool last year and the claims piled up.", "history"),
    ("print_uk", "Price isn't really the issue, it's whether the team will use it.", "objection"),
    ("vet_us", "That's more than we budgeted, what would the basic tier cost?", "objection"),
    ("farm_ie", "Grand, that makes sense, I like that it works offline.", "positive"),
    ("school_sg", "We have twelve hundred students and only two admin staff.", "fact"),
    ("gym_au", "Our current contract ends in June, so timing is actually perfect.", "fact"),
    (
        "dental_uk",
        "I'm the one who decides on this, so you're talking to the right person.",
        "fact",
    ),
    ("fleet_us", "We can't keep doing this by hand, it's costing us drivers.", "need"),
]

# The rep's next turn, by what it does. Stalls are followed by probes, acceptance or a
# reframe; negatives by what a rep says after a need, a date, a question or chat, and also
# by the same soft openers ("I hear you", "no problem") so the opener alone decides nothing.
REPLIES_TO_STALL = [
    "Of course, take your time. I'll send it over this afternoon.",
    "Totally fair. What specifically would you want to think through?",
    "Sure, no worries. Who else would need to be part of that conversation?",
    "Understood. Can I ask what would need to be true for this to be a yes?",
    "No problem at all, I'll give you a ring next quarter then.",
    "I hear you. When you say budget, is it the amount or the timing that's the issue?",
    "okay no problem i'll email it across and follow up next week",
    "Fair enough. What would your boss want to see before signing off?",
]
REPLIES_TO_OTHER = [
    "Got it. So March is the hard date, let's work backwards from that.",
    "That's a big number. How much does that cost you in a typical month?",
    "Great, I'll send the invite for Thursday at ten right now.",
    "Good question. Yes, it plugs straight into the till you already have.",
    "It's per vehicle, and it drops once you're above fifty.",
    "No problem, I'll wait, take your time.",
    "I hear you. Tell me more about how the team handles it today.",
    "okay so walk me through what happens on a friday when it crashes",
    "Understood, that helps. Who else uses it day to day?",
    "Sure, I can send the slide over as well. Can you see it now?",
]


def rows() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for i, (group, text) in enumerate(STALLS):
        for j in range(3):
            reply = REPLIES_TO_STALL[(i * 3 + j) % len(REPLIES_TO_STALL)]
            out.append(
                {"text": text, "context": reply, "label": 1, "group": group, "note": "stall"}
            )
    for i, (group, text, kind) in enumerate(NEGATIVES):
        for j in range(3):
            reply = REPLIES_TO_OTHER[(i * 3 + j) % len(REPLIES_TO_OTHER)]
            out.append({"text": text, "context": reply, "label": 0, "group": group, "note": kind})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "training/heads/stall_reply.jsonl")
    args = parser.parse_args()
    written = rows()
    with args.out.open("w", encoding="utf-8") as handle:
        for row in written:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{args.out}: {len(written)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
