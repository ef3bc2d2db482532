"""Write ``training/heads/stall_pair.jsonl``: invented two-turn exchanges for the stall pair head.

Each row is a rep turn (``context``) and the buyer's sentence after it (``text``), labelled 1
when the buyer defers or deflects a decision or next step (think it over, send something,
someone else decides, timing, a budget cycle, the status quo, a vague hedge) and 0 otherwise.
The negatives are the hard ones from ordinary call talk: genuine scheduling, constraints given
as facts in answer to a discovery question, urgency, acceptance, objections that are questions,
problem descriptions. Some buyer sentences change label with the rep's turn: "my director signs
off on anything over ten grand" answers "who signs off?" but defers "can we sign today?"; "not
right now" answers "do you use a tool for that?" but puts off "shall we start the pilot?". That
contrast is what a two-turn head can learn and a sentence head cannot.

Every sentence below was invented for this file (many industries and English varieties, a share
turned into ASR style: lower case, no punctuation, a filler); none comes from a sales call, a
blind call or a corpus. ``group`` is the buyer sentence's id, so grouped cross-validation never
scores a sentence it was trained on, whatever rep turn it was paired with.

Usage: python scripts/gen_stall_pair_rows.py [--out training/heads/stall_pair.jsonl]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 41

# The rep asks for a decision or a next step, or proposes one.
ASK = [
    "So shall we get the pilot kicked off next Monday?",
    "Would you be open to a two-week trial at your Leeds depot?",
    "Can I send the order form over today so we hold this price?",
    "What would it take to get this signed before month end?",
    "Does it make sense to book a proper demo with your whole team?",
    "I'd suggest we start with the two clinics in the north, how does that sound?",
    "If I get the contract to you tonight, can we go live on the first?",
    "Are you happy for me to set up the onboarding call for next week?",
    "So can we agree to move forward with the annual plan?",
    "Shall I put you down for the starter package then?",
    "Based on all that, are you ready to give it a go?",
    "Can we lock in a start date for the rollout?",
    "Would it be worth getting your ops lead and me on a call this week?",
    "So what do you say, do we go ahead with the three sites?",
    "I can hold the launch discount until Friday, shall we get the paperwork done?",
    "How about we sign off the pilot today and review it in thirty days?",
    "Is there anything stopping us from getting started this quarter?",
    "Can I count you in for the January cohort?",
    "Would you like me to draft the proposal for your board meeting?",
    "Shall we schedule the install for the week of the twelfth?",
    "so are we good to go ahead with the trial then",
    "can i get the agreement over to you this afternoon",
    "shall we just start with the one warehouse and see",
    "would you be keen to get this rolled out before the busy season",
    "Okay, so the next step would be a workshop with your finance team, yeah?",
    "Right, so do we want to get the ball rolling on this?",
    "Shall I loop in our implementation lead and we pick a kickoff date?",
    "Can we agree on the twenty seats and I'll send the invoice?",
]

# The rep pitches or quotes: the buyer's answer to it can put off a decision too.
PITCH = [
    "It comes in at four hundred a month per site, support included.",
    "The whole thing installs in a day and your drivers just use the app.",
    "Most practices your size see the no-shows halve in the first quarter.",
    "We'd take the reconciliation off your team completely, it runs overnight.",
    "For the forty users that works out at about nine thousand a year.",
    "And that's the full platform, the scheduling, billing and the reporting side.",
    "so basically the sensors talk to the dashboard and you get alerts on your phone",
    "The licence is per branch and there's no setup fee this month.",
    "We've done this for three other co-ops in the region already.",
    "That's really the core of it, the routing engine and the driver app.",
]

# The rep asks about the buyer's situation, process or constraints (discovery).
DISCOVERY = [
    "Who else is involved when you buy something like this?",
    "How does the approval process work on your side?",
    "Are you using any tool for scheduling at the moment?",
    "What does your budget cycle look like?",
    "When does your current contract come up for renewal?",
    "How are you handling the month-end close today?",
    "How many hours a week does the team lose to chasing invoices?",
    "What happens when a delivery goes missing?",
    "Is there a date this has to be fixed by?",
    "Who signs off on spend at your company?",
    "What would your boss need to see to approve something like this?",
    "Have you looked at other options before?",
    "What's driving this for you right now?",
    "how do you track the stock across the sites now",
    "who makes the final call on software at the trust",
    "What does a typical week look like for your dispatchers?",
    "How long have you been on the current system?",
    "What happens to the budget if it isn't spent by March?",
    "Do you have anything in place for the audits?",
    "Is this something you've tried to fix before?",
]

# The rep proposes or asks for a time (logistics).
SCHED = [
    "What time works for the follow-up next week?",
    "Is Thursday at two okay for the demo with your team?",
    "When would suit you for the site visit?",
    "Could we do thirty minutes on Tuesday morning?",
    "what day is good for you to walk through the proposal",
    "Can I get fifteen minutes with you and your IT lead next week?",
]

# The rep acknowledges, agrees or chats: no ask for the buyer to put off.
ACK = [
    "Oh, totally, that makes sense.",
    "Ha, fair enough.",
    "Yeah, I hear that a lot from clinics your size.",
    "Right, and that's before anyone's even looked at the backlog.",
    "No, I get it, the summer's always mad for you guys.",
    "That's a great point actually.",
    "Wow, okay, that sounds painful.",
    "Sure, sure, go on.",
    "so yeah that's kind of the story of how we started",
    "Congratulations, by the way, I saw the news about the new site.",
]

# Buyer sentences that defer or deflect the decision or next step (label 1 after an ask, a
# pitch or a time request). Kinds: think, send, authority, timing, budget, status quo, hedge.
STALL = [
    "Let me sleep on it and I'll come back to you.",
    "I think we need a bit of time to mull it over as a team.",
    "We'll have a think and get back to you next week or so.",
    "Honestly I need to digest all this before I commit to anything.",
    "Look, it sounds good, but I want to think it through properly first.",
    "Let me chew on it over the weekend.",
    "I'll have a proper look at it when things calm down a bit.",
    "Can you just pop something over by email and I'll have a read?",
    "Send me the deck and I'll take a look when I get a minute.",
    "Why don't you put it all in a proposal and we'll review it internally.",
    "Kindly share the brochure and pricing, I will go through and revert.",
    "Just email me the details, I'll pass them around.",
    "Drop me a one-pager and we'll see from there.",
    "I'd have to run it past my director before anything happens.",
    "That's not really my call, it would go to the board.",
    "My boss would need to be on board, and he's away till the end of the month.",
    "I can't sign anything off myself, it has to go to procurement.",
    "I'll need to speak with my partner before we decide anything.",
    "The owners would want a say on something like this.",
    "Honestly the finance committee would have to approve it first.",
    "My oga will have to look at it before we can move.",
    "I need to discuss with my manager first, then I will revert.",
    "We'd want to wait until after the harvest before we look at anything new.",
    "Now's not a great time, maybe circle back in the new year.",
    "Let's pick this up again after the audit's done.",
    "We've got too much on right now to take on another project.",
    "Can we revisit it in a couple of months once the merger settles?",
    "Call me back after Easter and we'll see where we are.",
    "It's a busy season for us, so probably not before autumn.",
    "Maybe next quarter, we'll see how things look then.",
    "The budget for this year's already spoken for.",
    "We'd have to wait for the new financial year for anything like that.",
    "There's a freeze on new spend until the board signs off the plan.",
    "It would need to go into next year's budget round.",
    "We haven't got money set aside for this at the moment.",
    "We're pretty happy with the current setup for now, to be honest.",
    "We've only just renewed with our existing provider, so not for a while.",
    "I think we'll stick with what we have for the time being.",
    "The spreadsheets do the job, we'll probably carry on with them.",
    "Maybe, we'll see.",
    "Possibly, I can't promise anything.",
    "I might, I'll let you know.",
    "Not sure yet, we'll see how it goes.",
    "Leave it with me.",
    "It's a bit much for us right now, price-wise.",
    "That's more than we'd want to spend at this stage.",
    "I'm not going to make a decision on this today.",
    "We're not in a rush, so no need to push it.",
    "Let me talk it over with the team and revert.",
    "We'll circle back once we've looked at the other two quotes.",
    "I want to compare a few other options before we go any further.",
    "Ya lah, can, but I need to check with my boss first.",
    "We'll have a chat about it at the next management meeting and let you know.",
    "Ag, let me think about it and I'll phone you just now.",
    "Sure look, I'll have a think and give you a shout.",
    "No worries mate, I'll have a yarn with the other partners and get back to ya.",
    "i need to think about it a bit more",
    "just send it through on email and ill look at it",
    "thats one for my director really not me",
    "maybe after the holidays we can talk again",
    "we dont have budget for it this year to be honest",
    "let me discuss with the team first then we see",
    "yeah um not right now i think",
    "i'll take it to the partners meeting and get back to you",
]

# Buyer sentences whose label depends on the rep's turn: a stall after an ask or a pitch, an
# answer after a discovery question about exactly that.
CONTRAST = [
    (
        "My director signs off on anything over ten grand.",
        [
            "Who signs off on spend at your company?",
            "How does the approval process work on your side?",
        ],
    ),
    (
        "It would go to the board.",
        [
            "Who makes the final call on something like this?",
            "Where does a decision like this sit?",
        ],
    ),
    (
        "The finance committee approves anything like this.",
        [
            "How does the approval process work on your side?",
            "Who else is involved when you buy something like this?",
        ],
    ),
    (
        "Not right now, no.",
        [
            "Are you using any tool for scheduling at the moment?",
            "Do you have anything in place for the audits?",
        ],
    ),
    (
        "Not at the moment.",
        [
            "Is anyone looking after the stock counts full time?",
            "Are you tracking the call-outs anywhere?",
        ],
    ),
    (
        "Our budget resets in April.",
        ["What does your budget cycle look like?", "When do budgets get set over there?"],
    ),
    (
        "We set budgets in the autumn for the following year.",
        ["What does your budget cycle look like?", "how does the budgeting work for you guys"],
    ),
    (
        "We're tied in with the current provider until June.",
        [
            "When does your current contract come up for renewal?",
            "How long have you been on the current system?",
        ],
    ),
    (
        "I'd need to check with finance.",
        [
            "Roughly what does that cost you each month?",
            "Do you know what you spent on overtime last year?",
        ],
    ),
    (
        "My partner handles all of that side.",
        ["Who looks after the books?", "Who deals with the suppliers day to day?"],
    ),
    (
        "it goes through procurement",
        ["how does buying software work at the trust", "who do purchase orders go through"],
    ),
    (
        "not this year",
        ["Have you had an audit finding on this yet?", "Did you hit the targets this year?"],
    ),
    (
        "That'd be the owners.",
        ["Who makes the final call on software?", "Who set the targets for the branches?"],
    ),
    (
        "We'd want to see a case study first.",
        [
            "What would your boss need to see to approve something like this?",
            "What would good evidence look like for you?",
        ],
    ),
]

# Buyer sentences that are never stalls, whatever came before.
NEVER = [
    # genuine scheduling and acceptance
    "Thursday at two works, send me the invite.",
    "Yeah, let's do it, send the paperwork over.",
    "Tuesday's fine, I'll bring our IT lead along.",
    "Go on then, put us down for the three sites.",
    "That works, we can start on the first.",
    "Sounds good, book the onboarding for next week.",
    "Perfect, I'll sign it this afternoon.",
    "Monday morning is better for me, say nine?",
    "ok great lets lock in the twelfth",
    "yes please go ahead and set up the trial",
    "Sure, I'll forward the invite to Priya so she can join.",
    "Can do, I'll get the PO raised today.",
    "Lovely, that's sorted then.",
    # urgency
    "We need this fixed now, not next year.",
    "Honestly the sooner the better, we can't keep losing orders like this.",
    "It has to be live before the peak season starts in October.",
    "We can't wait until Q3, the auditors are in next month.",
    "If we don't sort the routing before Christmas we're in real trouble.",
    "this needs to happen fast the clients are already complaining",
    # facts and constraints in answer to discovery
    "We run forty trucks out of two depots.",
    "We're about a hundred and twenty staff across four sites.",
    "Right now it's all done on spreadsheets and email.",
    "The team spends most of Friday reconciling the accounts.",
    "We lost two big clients last year because of late deliveries.",
    "We tried a system a few years ago but nobody used it.",
    "The month-end close takes us about eight days at the moment.",
    "Our current contract runs on a rolling monthly basis.",
    "we use an old access database that one guy built",
    "the dispatchers are on the phone all morning basically",
    "Mostly it's me and one other person doing the rota by hand.",
    # objections and questions
    "How long does the migration usually take?",
    "What happens if we want to cancel after a year?",
    "Does it integrate with Xero?",
    "Is that price per user or per site?",
    "How is that different from what we have now?",
    "What kind of support do we get if it goes down at night?",
    "Would the data stay in the country?",
    "can it handle multiple currencies",
    # problem talk and agreement with the pitch
    "That's exactly our problem, the handovers are a mess.",
    "Yeah, the no-shows are killing us on Mondays.",
    "I like the look of the driver app, to be fair.",
    "That would save my team a lot of headaches.",
    "Okay, that makes sense.",
    "Right, I see what you mean.",
    # questions, fragments, agenda and remarks from ordinary call talk
    "Can I ask about the reporting side?",
    "Okay and what about the invoicing piece, that's a big one for me.",
    "And honestly the thing that gets me is the managers, they--",
    "I just want to make sure we get to pricing before we run out of time.",
    "It's not really a discount question for us.",
    "Our director approves the timesheets every Monday morning.",
    "The partners were pretty clear that billing is the priority.",
    "Give my best to the team over there.",
    "My daughter's starting at the same school, funny enough.",
    "He'd tell you the same, he's been on at me about it for months.",
    "Sorry, you cut out for a second there.",
    "Can you go back to the slide with the dashboard?",
    "we had the same thing at my last company actually",
    "She's the one who built the original spreadsheet.",
    "That's what the last vendor promised us as well.",
    "We looked at them too, they were way more expensive.",
]

FILLERS = ["um", "uh", "like", "you know", "so", "yeah", "I mean", "basically", "okay"]


def asr(text: str, rng: random.Random) -> str:
    """Lower case, no punctuation, a filler: how a speech recognizer writes the turn."""
    words = re.sub(r"[^\w\s'’-]", "", text.lower()).split()
    if words and rng.random() < 0.6:
        words.insert(rng.randrange(len(words)), rng.choice(FILLERS).lower())
    return " ".join(words)


def rows() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    out: list[dict[str, object]] = []

    def add(kind: str, index: int, context: str, text: str, label: int, note: str) -> None:
        if rng.random() < 0.25:
            context, text = asr(context, rng), asr(text, rng)
        out.append(
            {
                "context": context,
                "text": text,
                "label": label,
                "group": f"{kind}{index:03d}",
                "note": note,
            }
        )

    for i, text in enumerate(STALL):
        for context in rng.sample(ASK, 3) + rng.sample(PITCH, 1) + rng.sample(SCHED, 1):
            add("stall", i, context, text, 1, "stall after an ask, pitch or time request")
    for i, (text, questions) in enumerate(CONTRAST):
        for context in rng.sample(ASK, 3) + rng.sample(PITCH, 1):
            add("contrast", i, context, text, 1, "defers the ask")
        for context in questions:
            add("contrast", i, context, text, 0, "answers a discovery question about it")
    for i, text in enumerate(NEVER):
        for context in rng.sample(ASK, 2) + rng.sample(DISCOVERY, 2) + rng.sample(SCHED, 1):
            add("never", i, context, text, 0, "scheduling, acceptance, urgency, fact or question")
        for context in rng.sample(ACK, 2):
            add("never", i, context, text, 0, "ordinary talk after the rep's remark")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "training/heads/stall_pair.jsonl")
    args = parser.parse_args()
    lines = [json.dumps(r, ensure_ascii=False) for r in rows()]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(lines)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
