"""Task ``question``: is this corpus row (or a sentence in it) a question?

Gold comes from each corpus's dialogue-act labels, mapped by the tables below (quoted in
docs/evaluation.md). A row is predicted "yes" when any ``question`` finding covers it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from callcoach.eval.corpus import CorpusUtterance
from callcoach.eval.task import EvalTask, register_task
from callcoach.model import Finding

# SwDA (Duran's 41 collapsed SWBD-DAMSL tags, prefix "da:"): the question tags. Not
# questions: ^q (quotation, even of a question), bh ("Really?" backchannel), br (signal
# non-understanding), b^m (repeat-phrase), fc ("..., all right?" conventional closing).
SWDA_QUESTION_TAGS: frozenset[str] = frozenset(
    {"qy", "qw", "qo", "qh", "qy^d", "qw^d", "^g", "qrr"}
)

# MRDA (prefix "da-general:"): the general question tags; a row whose basic class
# ("da-basic:") is Q counts too (e.g. "um how long would it take …?" tagged fh first).
MRDA_QUESTION_GENERAL: frozenset[str] = frozenset({"qy", "qw", "qo", "qh", "qr", "qrr"})
MRDA_QUESTION_BASIC = "Q"

# DailyDialog (prefix "act:"): one act per utterance.
DAILYDIALOG_ACTS: Mapping[str, str] = MappingProxyType(
    {"question": "yes", "inform": "no", "directive": "no", "commissive": "no"}
)


def _layer(row: CorpusUtterance, prefix: str) -> list[str]:
    return [label[len(prefix) :] for label in row.labels if label.startswith(prefix)]


def is_question(row: CorpusUtterance) -> bool | None:
    """Gold question flag for a row of swda, mrda or dailydialog; None when unlabelled."""
    if row.dataset == "swda":
        tags = _layer(row, "da:")
        return any(tag in SWDA_QUESTION_TAGS for tag in tags) if tags else None
    if row.dataset == "mrda":
        general, basic = _layer(row, "da-general:"), _layer(row, "da-basic:")
        if not general and not basic:
            return None
        return bool(set(general) & MRDA_QUESTION_GENERAL) or MRDA_QUESTION_BASIC in basic
    if row.dataset == "dailydialog":
        acts = [DAILYDIALOG_ACTS[a] for a in _layer(row, "act:") if a in DAILYDIALOG_ACTS]
        return acts[0] == "yes" if acts else None
    return None


def gold(row: CorpusUtterance) -> str | None:
    flag = is_question(row)
    return None if flag is None else ("yes" if flag else "no")


# The question detector labels question-shaped sentences that ask for nothing new as
# "echo" ("Oh, really?"), "repair" ("Sorry?", "What?") or "fragment" (an opening abandoned:
# "is that", "how did"). The corpora disagree on those: SwDA gives them their own tags (bh,
# br, %), which the SwDA mapping above leaves out, while MRDA tags them qy/qw (with bh, br or
# %- beside it only in da-full) and DailyDialog as "question" acts. Each corpus therefore
# counts the labels its own annotation counts as questions.
# A whole "You know?" ("rhetorical": it asks for a nod) is a question in both dialogue-act
# annotations (SwDA 20 of 22 such rows, MRDA qy). An opening abandoned without "?"
# ("fragment": "which is", "and is that") is a question in MRDA only 5 times in 92 on
# train+dev (it tags them % or s), so MRDA does not count it.
COUNTED_LABELS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "swda": frozenset({"question", "rhetorical"}),
        "mrda": frozenset({"question", "echo", "repair", "request", "rhetorical"}),
        "dailydialog": frozenset({"question", "echo", "repair", "fragment", "rhetorical"}),
    }
)


# Requests to explain said as commands ("Tell me about your home.") are questions for a
# sales coach and open questions in AnnoMI, but SwDA tags them ``ad`` (action directive) and
# DailyDialog ``directive``: those two corpora do not count a prompt that its speaker did
# not ask with a "?" (with one, "Tell me, what do you do?", it is their question).
DIRECTIVE_PROMPT_CORPORA: frozenset[str] = frozenset({"swda", "dailydialog"})


def _directive(finding: Finding) -> bool:
    quote = finding.evidence[0].quote if finding.evidence else ""
    return finding.attributes.get("cue") == "imperative-prompt" and not quote.rstrip().endswith("?")


def _counts(row: CorpusUtterance, finding: Finding) -> bool:
    if row.dataset in DIRECTIVE_PROMPT_CORPORA and _directive(finding):
        return False
    return finding.label in COUNTED_LABELS.get(row.dataset, frozenset({"question"}))


def predict(row: CorpusUtterance, findings: tuple[Finding, ...]) -> str:
    return "yes" if any(_counts(row, f) for f in findings) else "no"


TASK = register_task(
    EvalTask(
        name="question",
        detector="question",
        datasets=("swda", "mrda", "dailydialog"),
        gold=gold,
        predict=predict,
        positive="yes",
        needs_context=False,
        description="Rows that are (or contain) a question, from dialogue-act labels.",
    )
)
