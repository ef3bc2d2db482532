"""Roles on invented multi-person sales calls: sellers and buyers right, or a refusal.

Every call here is written for this test (none is taken from an evaluation set). The
rule under test: never the buyer as the rep; an AE with a sales engineer or a manager are
both reps; two buyers are both prospects; a pitch-heavy rep is still found.
"""

from __future__ import annotations

import pytest

from callcoach.roles import resolve_roles
from tests.test_roles import make_call

AE_AND_SE = [
    (
        "Omar Quist",
        "Morning Helen, can you hear me? I've got Talia on the line too, "
        "she's our solutions engineer.",
    ),
    ("Talia Brandt", "Hi Helen, good to meet you."),
    ("Helen Marsh", "Hi both. We have forty minutes, my controller might drop in later."),
    (
        "Omar Quist",
        "Perfect. Quick agenda for today: your process first, then Talia shows the tool.",
    ),
    ("Helen Marsh", "Sure. We reconcile about nine thousand card transactions a month by hand."),
    ("Omar Quist", "How long does that take your team each month?"),
    ("Helen Marsh", "Three people, most of the first week. Do you integrate with NetSuite?"),
    ("Talia Brandt", "We do, natively. Let me share my screen so you can see the matching view."),
    (
        "Talia Brandt",
        "Each line here is a transaction, and the rules engine pairs it with the receipt.",
    ),
    ("Helen Marsh", "Can it handle split receipts?"),
    ("Talia Brandt", "Yes, and we do the setup for you in the first two weeks."),
    (
        "Omar Quist",
        "Helen, could we book Thursday at ten with your controller to go through pricing?",
    ),
    ("Helen Marsh", "Thursday at ten works."),
]

AE_AND_MANAGER_TWO_BUYERS = [
    ("Jess Adler", "Thanks for making the time, both of you. My manager Ravi is joining us today."),
    ("Ravi Mehta", "Hi everyone, I lead the sales team for the west region, happy to help."),
    ("Pam Ortiz", "Hi. I'm on the ops side and Luis, my CFO, is here for the numbers."),
    ("Luis Ferro", "Hello. Our budget for this is set for the year, so keep that in mind."),
    ("Jess Adler", "Understood. What prompted you to look at this now?"),
    ("Pam Ortiz", "We're currently using spreadsheets and we missed two shipments last month."),
    ("Jess Adler", "What did those two missed shipments cost you?"),
    ("Luis Ferro", "About thirty thousand in penalties, and a customer we nearly lost."),
    ("Ravi Mehta", "Most companies your size see the same thing around their second warehouse."),
    ("Pam Ortiz", "Send us a proposal and we'll run it by our procurement team."),
    (
        "Jess Adler",
        "I'll send the proposal by Friday; can we hold Tuesday at two to walk through it?",
    ),
    ("Luis Ferro", "Tuesday at two is fine."),
]

PITCH_HEAVY = [
    ("Nora Vance", "Front desk, this is Nora, how can I help you?"),
    (
        "Gil Baxter",
        "Hi Nora, Gil Baxter with Brightwire. The reason I'm calling is we've been around since "
        "two thousand six and we work with over four thousand clinics, so what we do is replace "
        "your old phone system with one that runs in the cloud, you keep your numbers, calls "
        "ring on any device, and the voicemail lands in your email. Our customers love the "
        "reporting, and most clinics your size are up and running in a week. We do the install "
        "for you, the phones come ready, and the price is usually lower than what you pay now.",
    ),
    ("Nora Vance", "Okay."),
    (
        "Gil Baxter",
        "And on top of that you get call recording, text messages from your main number, and an "
        "app so the doctors can call patients back from their cell without showing the number. "
        "Our customer satisfaction is ninety-seven percent, which honestly is the best in the "
        "business, and we have a team right here in town for support, not a call center.",
    ),
    ("Nora Vance", "What's this regarding exactly? We're fine with our phones."),
    (
        "Gil Baxter",
        "Totally, a lot of offices like yours say that until they see the bill. Can I send you "
        "a quick comparison and call back Thursday?",
    ),
    ("Nora Vance", "Just email me something."),
]

ASR_COLD_CALL = [
    ("spk_0", "good morning harbor freight services this is dev"),
    ("spk_1", "hey dev mia lane here with packwise how's your morning going"),
    ("spk_0", "fine what's this about"),
    (
        "spk_1",
        "so the reason i'm calling is we help warehouses cut packing material costs and most "
        "teams your size see savings in the first month we work with over two hundred "
        "warehouses in the region",
    ),
    ("spk_0", "we already have a supplier for that"),
    ("spk_1", "totally fair what do you pay per box right now roughly"),
    ("spk_0", "no idea honestly send me some info"),
]

ORDER_DESK = [
    ("Ivy Chen", "Hi Bram, it's Ivy from Deskly. I got your email about the extra seats."),
    ("Bram Kole", "Hi Ivy. Yes, same as last time, ten more seats on the team plan."),
    ("Ivy Chen", "Got it, ten seats. Do you want them on the same renewal date?"),
    ("Bram Kole", "Yes please. And we locked the price in last year, right?"),
    ("Ivy Chen", "You did. I'll send the order form today and add the seats once it's signed."),
    ("Bram Kole", "Can you send the invoice to our finance inbox?"),
    ("Ivy Chen", "Will do. Anything else I can help with while I have you?"),
    ("Bram Kole", "No, that's all. Thanks."),
]

# A two-word first name shortened with "'s" ("Ana Sofia's our …"); the SE never says "our".
AE_AND_SE_TWO_WORD_NAME = [
    (
        "Luca Brenner",
        "Hi Dora, good to see you. Ana Sofia's our sales engineer, she built the demo.",
    ),
    ("Ana Sofia Reyes", "Hello Dora."),
    ("Dora Finch", "Hi both. I've got half an hour, then a board prep."),
    ("Luca Brenner", "Then let's not waste it. How do you plan shifts at the depots today?"),
    ("Dora Finch", "Whiteboards and a lot of phone calls. What does it cost per user?"),
    ("Luca Brenner", "We'll come to price. How many supervisors plan the week?"),
    ("Dora Finch", "Six, one per depot."),
    ("Ana Sofia Reyes", "This screen is the week view, and swaps go out as a text to the crew."),
    ("Dora Finch", "And if a driver calls in sick at five in the morning?"),
    ("Ana Sofia Reyes", "The gap turns red and the app offers the three nearest people."),
    ("Luca Brenner", "Can we put an hour in with the depot leads next Wednesday?"),
    ("Dora Finch", "Wednesday afternoon works."),
]

# Discovery that sounds like a conversation: few sales phrases, the rep asks and plays back.
QUIET_DISCOVERY = [
    ("Rhys Allard", "Morning Bea. What I'd like to do today is understand your returns process."),
    ("Bea Norton", "Fine by me, I've got until half past."),
    ("Rhys Allard", "Walk me through what happens when a parcel comes back."),
    ("Bea Norton", "It lands in a cage and someone opens it when they have a minute."),
    ("Rhys Allard", "How long does it sit there, usually?"),
    ("Bea Norton", "Four or five days in a busy week."),
    ("Rhys Allard", "And who decides whether it goes back on the shelf?"),
    ("Bea Norton", "The shift lead, if she has time."),
    ("Rhys Allard", "Let me play that back, and correct me where I'm off."),
    ("Bea Norton", "Go on."),
]

# Lower-case ASR: the caller greets the buyer by name before saying who they are.
ASR_CALLER_GREETS_FIRST = [
    ("spk_0", "northgate plumbing this is ray"),
    ("spk_1", "hey ray this is nina park over at tallymark how's it going"),
    ("spk_0", "alright who'd you say you were with"),
    (
        "spk_1",
        "tallymark we help businesses like yours get paid faster and we've been doing it for "
        "about ten years",
    ),
    ("spk_0", "okay and what do you want from me"),
    ("spk_1", "how do you send invoices today is it paper or email"),
]

CASES = {
    "AE with a sales engineer": (AE_AND_SE, {"Omar Quist", "Talia Brandt"}),
    "AE with a manager, two buyers": (AE_AND_MANAGER_TWO_BUYERS, {"Jess Adler", "Ravi Mehta"}),
    "pitch-heavy cold call": (PITCH_HEAVY, {"Gil Baxter"}),
    "lower-case ASR cold call with labels": (ASR_COLD_CALL, {"spk_1"}),
    "order desk": (ORDER_DESK, {"Ivy Chen"}),
    "AE with an SE named by a two-word first name": (
        AE_AND_SE_TWO_WORD_NAME,
        {"Luca Brenner", "Ana Sofia Reyes"},
    ),
    "quiet discovery": (QUIET_DISCOVERY, {"Rhys Allard"}),
    "lower-case ASR caller greets the buyer first": (ASR_CALLER_GREETS_FIRST, {"spk_1"}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_reps_are_found_and_buyers_never_made_reps(name: str) -> None:
    lines, reps = CASES[name]
    roles = resolve_roles(make_call(lines), required=False)
    speakers = {s for s, _ in lines if s is not None}
    assert roles.available, roles.reasons
    assert set(roles.reps) == reps, roles.reasons
    assert set(roles.prospects) == speakers - reps


def test_a_sales_engineer_named_by_the_ae_joins_the_seller_side() -> None:
    roles = resolve_roles(make_call(AE_AND_SE))
    text = "\n".join(roles.reasons)
    assert "Omar Quist and Talia Brandt are on the same side" in text
    assert "a seller-side title" in text


def test_buyers_naming_each_other_stay_on_one_side() -> None:
    roles = resolve_roles(make_call(AE_AND_MANAGER_TWO_BUYERS))
    assert {"Pam Ortiz", "Luis Ferro"} <= set(roles.prospects)
    assert "Pam Ortiz and Luis Ferro are on the same side" in "\n".join(roles.reasons)


def test_pitch_heavy_rep_is_not_refused_as_a_tie() -> None:
    call = make_call(PITCH_HEAVY)
    words = {
        s: sum(len(t.split()) for n, t in PITCH_HEAVY if n == s)
        for s in ("Gil Baxter", "Nora Vance")
    }
    assert words["Gil Baxter"] / sum(words.values()) > 0.83  # the rep talks > 83 %
    roles = resolve_roles(call)
    assert roles.reps == ("Gil Baxter",)
    assert roles.confidence >= 0.9


def test_a_prospect_introducing_themself_on_a_booked_call_is_not_the_rep() -> None:
    lines = [
        ("Tom Reed", "Hi, Tom Reed from Lanford Foods. I booked this after your webinar."),
        (
            "Ana Silva",
            "Great to meet you Tom, thanks for making the time. What prompted you to book?",
        ),
        ("Tom Reed", "We're currently using paper for receiving and our budget is approved."),
        ("Ana Silva", "How many deliveries do you receive a day? Who signs them off?"),
        ("Tom Reed", "About sixty. Does your app work offline in the cold room?"),
        ("Ana Silva", "It does; most teams like yours run it on rugged tablets."),
    ]
    roles = resolve_roles(make_call(lines), required=False)
    assert "Tom Reed" not in roles.reps
    assert roles.reps in ((), ("Ana Silva",))


def test_asr_caller_and_callee_cues_are_found_after_a_greeting() -> None:
    roles = resolve_roles(make_call(ASR_CALLER_GREETS_FIRST))
    text = "\n".join(roles.reasons)
    assert "spk_1 → rep" in text and "introduces themself with their company" in text
    assert "answers a call they did not expect" in text


def test_a_buyer_named_next_to_our_se_is_not_linked_to_the_seller() -> None:
    lines = [
        (
            "Omar Quist",
            "Thanks for making the time. Earlier Helen asked our solutions engineer about "
            "exports. Quick agenda for today: your process first, then pricing.",
        ),
        ("Helen Marsh", "Sure. Send me a proposal after. What's the pricing?"),
        ("Omar Quist", "How many people do the work today? Who signs off? When do you need it?"),
    ]
    roles = resolve_roles(make_call(lines), required=False)
    assert roles.reps == ("Omar Quist",)
    assert not any("same side" in reason for reason in roles.reasons)


# An AE and a sales engineer nobody introduces by title: the SE's seller phrases ("our
# platform") put them on the seller side, but the split by score leaves them with the buyer.
AE_AND_UNNAMED_SE = [
    (
        "Rosa Lind",
        "Thanks for making the time today, Ivan. Quick agenda for today: your setup first.",
    ),
    ("Ivan Petrov", "Sure. We run payroll for four sites from one spreadsheet."),
    ("Rosa Lind", "How long does a pay run take you? What breaks most often?"),
    ("Ivan Petrov", "Two days, and the overtime rules break every time. Can it do overtime?"),
    ("Rosa Lind", "Good question. Who signs off on the numbers? How do you check them today?"),
    ("Ivan Petrov", "My boss checks a sample. Is that something you handle?"),
    ("Kai Moreno", "Our platform applies each site's overtime rules before the run."),
    ("Ivan Petrov", "Okay. And the sites with union rules?"),
    ("Rosa Lind", "What would a clean pay run be worth to you? Could we book Friday at ten?"),
]


def test_a_seller_left_on_the_buyer_side_is_refused_not_guessed() -> None:
    roles = resolve_roles(make_call(AE_AND_UNNAMED_SE), required=False)
    # A refusal naming the doubt, not Kai guessed as a buyer.
    assert not roles.available
    assert roles.reasons[0] == "cannot tell which side Kai Moreno is on"


# An AE and an SE nobody introduces: the SE drives the demo ("can you see my screen?",
# "this is the dispatch module", "a lot of our customers …") and answers the buyer's
# questions, so they are found as a seller from what they present, not from a title.
AE_AND_SE_DRIVING_THE_DEMO = [
    (
        "Q",
        "Hi Marta, thanks for making the time. Ola is with me today. Quick agenda for today: "
        "the dispatch side first, then returns.",
    ),
    ("P", "Hi both. We've got half an hour, the drivers start their shift at two."),
    ("S", "Hi Marta. Can you see my screen okay?"),
    ("P", "Yes, I can see it."),
    ("S", "Great. So this is the dispatch module, every van on one map with its next drop."),
    ("P", "Does it show when a driver is running late? And what happens with returns?"),
    ("S", "It does, and loads of our customers set an alert when a drop slips ten minutes."),
    ("P", "How does the driver log a return? On the phone?"),
    ("S", "On the phone, a photo and a reason code, and it lands in the returns queue."),
    ("Q", "What does a late drop cost you today, roughly?"),
    ("P", "A credit note, usually twenty to forty pounds. Is there a mobile app for the drivers?"),
    ("S", "Yes, for both phones, and it works with a weak signal."),
    ("Q", "Could we book forty minutes on Thursday with your ops manager?"),
    ("P", "Thursday at ten works."),
]


def test_a_second_seller_who_drives_the_demo_is_a_rep() -> None:
    roles = resolve_roles(make_call(AE_AND_SE_DRIVING_THE_DEMO), required=False)
    assert roles.available, roles.reasons
    assert set(roles.reps) == {"Q", "S"}
    assert "presents the product on screen" in "\n".join(roles.reasons)


# A buyer-led follow-up: the buyer asks every question and the seller mostly answers, with
# one seller phrase. Who answers the questions about the product and its price is the seller.
BUYER_LED_FOLLOW_UP = [
    ("Noor Vance", "Hi Eli, I've got a few questions from the team before we decide."),
    ("Eli Brand", "Sure, go ahead."),
    ("Noor Vance", "Does your system handle split deliveries to two depots?"),
    ("Eli Brand", "Yes, each depot gets its own drop list and its own proof of delivery."),
    ("Noor Vance", "And what's the pricing for forty drivers? Is training extra?"),
    ("Eli Brand", "Forty drivers sits in the middle tier, and training is included."),
    ("Noor Vance", "Can it work with our fuel cards? Finance will ask."),
    ("Eli Brand", "It reads the two big card networks; most of our customers use one of them."),
    ("Noor Vance", "Okay. How long would setup take? We're short on people in March."),
    ("Eli Brand", "About two weeks, and the depot leads need an hour each."),
]


def test_who_answers_the_buyers_product_questions_is_the_seller() -> None:
    roles = resolve_roles(make_call(BUYER_LED_FOLLOW_UP), required=False)
    assert roles.reps == ("Eli Brand",), roles.reasons
    assert "answers the other side's questions about the product or price" in "\n".join(
        roles.reasons
    )


# A quiet second seller introduced by their side, not their title ("Jo from our team"),
# and a buyer who brings a colleague the same way: each joins their own side.
TEAM_INTRODUCTIONS = [
    (
        "Lena Park",
        "Thanks for making the time, Ruth. I'm joined by Jo from our onboarding team. "
        "Quick agenda for today: your current process, then what onboarding looks like.",
    ),
    ("Jo Hale", "Hi Ruth."),
    ("Ruth Amis", "Hi. I've got Omar from our finance team with me, he signs off on this."),
    ("Omar Sedki", "Morning."),
    ("Lena Park", "How do new starters get set up today? What breaks most often?"),
    ("Ruth Amis", "Spreadsheets and email. Laptops arrive late, access requests get lost."),
    ("Lena Park", "What does a lost week cost you per hire, roughly?"),
    ("Omar Sedki", "About two thousand in idle salary. What's the pricing per hire?"),
    ("Lena Park", "It's per seat, not per hire; our platform covers the whole first ninety days."),
    ("Jo Hale", "And we do the setup for you in the first two weeks."),
]


def test_a_colleague_introduced_by_their_team_joins_the_speakers_side() -> None:
    roles = resolve_roles(make_call(TEAM_INTRODUCTIONS), required=False)
    assert roles.available, roles.reasons
    assert set(roles.reps) == {"Lena Park", "Jo Hale"}
    text = "\n".join(roles.reasons)
    assert "Lena Park and Jo Hale are on the same side" in text
    assert "Ruth Amis and Omar Sedki are on the same side" in text


# An unpunctuated cold call with two people at the shop: the caller says nothing a seller
# phrase catches, the owner answers like someone who did not expect the call, and her
# assistant chimes in. Only the owner sounds like a buyer, so the largest drop in score puts
# the assistant with the caller; with nothing for either of them, that is a refusal.
COLD_CALL_TWO_AT_THE_SHOP = [
    ("Speaker 0", "good morning is this the hardware store on main street"),
    ("Speaker 1", "yes who is this"),
    ("Speaker 0", "it's dev i wanted to ask about the key cutting machine"),
    ("Speaker 1", "okay the machine is in the back it's been slow all week with the snow"),
    ("Speaker 2", "and the old one keeps jamming on the thin blanks"),
    ("Speaker 0", "right right the new one takes every blank size"),
    ("Speaker 1", "hmm my brother does the buying so talk to him after the holidays"),
    ("Speaker 0", "sure no problem i'll send the leaflet over and ring him in january"),
    ("Speaker 2", "send it to the shop email the one on the door"),
]


def test_a_guessed_rep_with_nothing_for_them_is_refused() -> None:
    roles = resolve_roles(make_call(COLD_CALL_TWO_AT_THE_SHOP), required=False)
    assert not roles.available
    assert roles.roles["Speaker 2"] != "rep"
    assert "cannot tell which side" in roles.reasons[0]


# Generic labels, two buyers: the technical evaluator grills the vendor (more questions
# than anyone) and says nothing else that marks a side; the budget holder asks to be sent
# a proposal. Questions alone must not make the evaluator a seller.
TECHNICAL_BUYER_GRILLS_THE_VENDOR = [
    (
        "Speaker 1",
        "Thanks for making the time, both of you. What I'd like to cover is how "
        "our platform fits your dispatch flow.",
    ),
    ("Speaker 2", "Sure. How many depots can it run at once?"),
    ("Speaker 1", "As many as you have, each with its own rules."),
    ("Speaker 2", "And what happens when a driver goes offline mid-route?"),
    ("Speaker 1", "The route is held and re-sent when the phone reconnects."),
    ("Speaker 2", "Where is the data hosted? Who can see the driver locations?"),
    ("Speaker 1", "In the EU, and only the roles you set up."),
    ("Speaker 2", "How long does a typical rollout take? Is training included?"),
    ("Speaker 3", "Send me a proposal and I'll look at it with the numbers."),
    ("Speaker 1", "I'll send the proposal on Friday."),
]


def test_a_buyer_who_only_asks_many_questions_is_never_made_a_rep() -> None:
    roles = resolve_roles(make_call(TECHNICAL_BUYER_GRILLS_THE_VENDOR), required=False)
    assert roles.roles.get("Speaker 2") != "rep", roles.reasons
    assert roles.roles.get("Speaker 3") != "rep", roles.reasons
    if roles.available:
        assert set(roles.reps) == {"Speaker 1"}
    else:
        assert "cannot tell" in roles.reasons[0]


def test_price_questions_in_any_wording_are_the_buyers_and_their_answer_the_sellers() -> None:
    from callcoach.roles import _heuristic_scores

    lines = [
        ("Rita", "so how much does that cost you when a booking goes wrong"),
        ("Omar", "a few hundred each time and the customer is gone"),
        ("Omar", "and how much it cost for the app"),
        ("Rita", "the standard plan is about ninety a month for your fleet"),
        ("Omar", "and what's this going to cost me to set up"),
        ("Rita", "nothing to set up, the training is included"),
    ]
    scores = _heuristic_scores(make_call(lines), ["Rita", "Omar"])
    assert scores.phrases is not None
    assert "asks about the price (×2)" in scores.reasons["Omar"]
    assert not any("price (" in r for r in scores.reasons["Rita"] if r.startswith("asks"))
    # Unpunctuated (ASR) questions count: Rita answered both.
    assert any("answers the other side's questions" in r for r in scores.reasons["Rita"])


# A clinic owner (the buyer) describes their own business in words a pitch also uses ("what
# we do is", "we work with over three hundred employers", "our clients love", "here at
# Kinetic"); the seller only asks short questions. The self-description made the buyer the
# rep at confidence 0.62: such phrases are no sure sign of a seller, and the voices do not
# set the buyer apart, so the call is refused with a reason.
BUYER_DESCRIBES_THEIR_OWN_BUSINESS = [
    ("Kofi Mensah", "Hello, is this a good moment? I have a few questions before we go on."),
    (
        "Adaeze Obi",
        "Yes, go ahead. So here at Kinetic what we do is run physiotherapy clinics, we work "
        "with over three hundred employers and our clients love the fast booking.",
    ),
    ("Kofi Mensah", "How do bookings come in today?"),
    ("Adaeze Obi", "Mostly phone. We specialise in sports injuries, so evenings are packed."),
    ("Kofi Mensah", "What happens when the phones are busy?"),
    ("Adaeze Obi", "People hang up and book elsewhere, we think we lose a few a week."),
    ("Kofi Mensah", "Who handles the callbacks?"),
    ("Adaeze Obi", "The front desk, when they have a minute, which is rarely."),
    ("Kofi Mensah", "Would a text link after a missed call help?"),
    ("Adaeze Obi", "It might. Our customers say they prefer texting anyway."),
]


def test_a_buyer_describing_their_own_business_is_never_made_the_rep() -> None:
    roles = resolve_roles(make_call(BUYER_DESCRIBES_THEIR_OWN_BUSINESS), required=False)
    assert roles.roles.get("Adaeze Obi") != "rep", roles.reasons
    if roles.available:
        assert set(roles.reps) == {"Kofi Mensah"}
    else:
        assert "a buyer describes their own business the same way" in roles.reasons[0]


def test_a_rep_needs_two_witnesses_that_agree() -> None:
    # Their own seller phrases, and the way they talk (seller-voice scores).
    from callcoach.nlp.voice import Voice
    from callcoach.roles import _one_witness

    def voice(**scores: float) -> Voice:
        return Voice(scores, dict.fromkeys(scores, 5))

    phrases = {"Rep": 1.0, "Buyer": -1.0, "Other": 0.0}
    # Weak phrases, a voice well above every buyer's: right.
    assert _one_witness(phrases, voice(Rep=0.6, Buyer=-0.5, Other=-0.2), ["Rep"]) is None
    # Weak phrases and a voice no different from a buyer's: refused.
    refusal = _one_witness(phrases, voice(Rep=0.1, Buyer=-0.5, Other=0.0), ["Rep"])
    assert refusal is not None and "Rep" in refusal
    # Weak phrases and no voice score at all: refused, unless a witnessed rep names them.
    two = {"Lead": 2.0, "Rep": 1.0, "Buyer": -1.0, "Quiet": 0.0}
    assert _one_witness(two, voice(Lead=0.5, Buyer=-0.5), ["Lead", "Rep"]) is not None
    links = (("Lead", "Rep", "manager"),)
    assert _one_witness(two, voice(Lead=0.5, Buyer=-0.5), ["Lead", "Rep"], links) is None
    # No seller phrase of their own (only more of the questions): never guessed.
    refusal = _one_witness({"Asker": 0.0, "Buyer": -1.0}, voice(Asker=2.0, Buyer=-2.0), ["Asker"])
    assert refusal is not None and "no seller phrase" in refusal
    # Sure phrases, but only ones a business says of itself, are not sure.
    self_told = {"Owner": 2.5, "Asker": 0.0}
    refusal = _one_witness(
        self_told, voice(Owner=0.0, Asker=0.1), ["Owner"], seller_only={"Owner": 0.0}
    )
    assert refusal is not None


def test_the_voices_alone_never_name_a_speaker_who_said_buyer_phrases() -> None:
    from callcoach.roles import _phrases_against

    # The voice ranking's clearest gap put a buyer who asked for a proposal with the seller.
    phrases = {"Seller": 0.0, "Budget holder": -1.5, "Quiet buyer": 0.0}
    assert _phrases_against(phrases, ["Seller", "Budget holder"]) is not None
    assert _phrases_against(phrases, ["Seller"]) is None
    # … or left a speaker with seller phrases on the buyers' side.
    assert _phrases_against({"A": 0.75, "B": 0.0, "C": -1.0}, ["B"]) is not None
