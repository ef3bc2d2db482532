"""Build the blind sales calls (tests/data/salescalls_blind) from their sources.

Each call is written once, by hand, as ``tests/data/salescalls_blind/src/<id>.call``: a header
(``key: value`` lines and ``crit <criterion> <1-5|null>: why``), a ``===`` line, then turns
(``> Speaker`` with optional ``!`` = cuts in over the previous turn and ``#anchor``), the
turn's text on the following line(s), and the turn's moments as ``- <code> [args] | quote``.
This script writes the transcript exactly as the format exports it and ``<id>.labels.json``
in the schema of ``../shared/data/salescalls/README.md`` into the folder its ``set:`` names
(``open``, ``sealed``, ``open2`` … ``open12``, ``sealed12``, ``open13``, ``sealed13``,
``open14``, ``sealed14``, ``open15``, ``sealed15``, ``open16``, ``sealed16``, ``open17``,
``sealed17``, ``open18``, ``sealed18``, ``open19``, ``sealed19``, ``open20``,
``sealed20``, ``open21``, ``sealed21``, ``open22``, ``sealed22``, ``open23``,
``sealed23``, ``open24``, ``sealed24``; another name is an error),
and checks every quote is an exact substring of its turn.
Formats: those of the dev README plus ``deepgram-json`` (``results.utterances`` with
integer speakers, which the ingest names ``Speaker 0`` …), ``rev-json`` (``monologues``
of word and punctuation elements), ``aws-transcribe-json`` (``results.items`` word by
word, ``spk_0`` labels, no punctuation), ``whisperx-json`` (sentence segments with
``speaker`` and ``words``), ``fathom-md`` (Markdown with a ``**Name** [hh:mm:ss](link)``
header and the turn's text as a ``>`` quote below it, as Fathom exports) and
``timestamped-txt`` (``[hh:mm:ss] Name: text`` lines, a start time only).

Moment codes: ``q o|c b|p|l`` question, ``st g|p`` small_talk, ``qp <amount>``, ``ch``,
``ca``, ``sum #a,#b``, ``need N1``, ``rec N1,N2`` or ``rec -`` (unrequested), ``self``,
``stall <kind>``, ``sr #turn <handling>``, ``ns y|n <owner> y|n|- <date or ->`` next_step,
``nsa #turn``, ``int``.

    python scripts/build_blind_salescalls.py [--check]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from callcoach.eval.salescalls import CRITERIA

REPO = Path(__file__).resolve().parent.parent
# Scripts run as files, so the repository root (holding benchmarks/) is not on sys.path.
sys.path.insert(0, str(REPO))

# The benchmark renderer writes the same VTT/SRT clock ("hh:mm:ss.mmm"); one function serves
# both so the blind calls and the benchmark calls cannot drift apart in how times look.
from benchmarks.render import _clock  # noqa: E402

ROOT = REPO / "tests" / "data" / "salescalls_blind"
WORDS_PER_SECOND = 2.6
SETS = (
    "open",
    "sealed",
    "open2",
    "sealed2",
    "open3",
    "sealed3",
    "open4",
    "sealed4",
    "open5",
    "sealed5",
    "open6",
    "sealed6",
    "open7",
    "sealed7",
    "open8",
    "sealed8",
    "open9",
    "sealed9",
    "open10",
    "sealed10",
    "open11",
    "sealed11",
    "open12",
    "sealed12",
    "open13",
    "sealed13",
    "open14",
    "sealed14",
    "open15",
    "sealed15",
    "open16",
    "sealed16",
    "open17",
    "sealed17",
    "open18",
    "sealed18",
    "open19",
    "sealed19",
    "open20",
    "sealed20",
    "open21",
    "sealed21",
    "open22",
    "sealed22",
    "open23",
    "sealed23",
    "open24",
    "sealed24",
)


@dataclass
class Turn:
    speaker: str
    text: str = ""
    cuts_in: bool = False
    anchor: str | None = None
    moments: list[tuple[str, str]] = field(default_factory=list)  # (spec, quote)
    start: float | None = None
    end: float | None = None
    cues: list[tuple[float | None, float | None, str]] = field(default_factory=list)


@dataclass
class Source:
    meta: dict[str, str]
    criteria: dict[str, dict[str, Any]]
    turns: list[Turn]


def parse(path: Path) -> Source:
    meta: dict[str, str] = {}
    criteria: dict[str, dict[str, Any]] = {}
    turns: list[Turn] = []
    body = False
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip()
        if not body:
            if line == "===":
                body = True
            elif line.startswith("crit "):
                head, why = line[5:].split(":", 1)
                name, score = head.split()
                if name not in CRITERIA:
                    sys.exit(f"{path}:{n}: unknown criterion {name}")
                criteria[name] = {
                    "score": None if score == "null" else int(score),
                    "why": why.strip(),
                }
            elif line.strip():
                key, value = line.split(":", 1)
                meta[key.strip()] = value.strip()
            continue
        if not line.strip():
            continue
        if line.startswith("> "):
            parts = line[2:].split()
            cuts = "!" in parts
            anchor = next((p[1:] for p in parts if p.startswith("#")), None)
            name = " ".join(p for p in parts if p != "!" and not p.startswith("#"))
            turns.append(Turn(name, cuts_in=cuts, anchor=anchor))
        elif line.startswith("- "):
            spec, quote = line[2:].split(" | ", 1)
            turns[-1].moments.append((spec.strip(), quote))
        else:
            if turns[-1].moments:
                sys.exit(f"{path}:{n}: text after moments")
            turns[-1].text = (turns[-1].text + " " + line.strip()).strip()
    if meta.get("set") not in SETS:
        sys.exit(f"{path}: set {meta.get('set')!r} is not one of {SETS}")
    missing = [c for c in CRITERIA if c not in criteria]
    if missing:
        sys.exit(f"{path}: criteria missing: {missing}")
    return Source(meta, criteria, turns)


def _ref(token: str, anchors: dict[str, int], path: Path) -> int:
    if token.startswith("#"):
        if token[1:] not in anchors:
            sys.exit(f"{path}: unknown anchor {token}")
        return anchors[token[1:]]
    return int(token)


def moment(
    spec: str, quote: str, i: int, turn: Turn, anchors: dict[str, int], path: Path
) -> dict[str, Any]:
    code, *args = spec.split()
    attrs: dict[str, Any] = {}
    if code == "q":
        label = "question"
        attrs = {
            "type": {"o": "open", "c": "closed"}[args[0]],
            "topic": {"b": "business", "p": "personal", "l": "logistics"}[args[1]],
        }
    elif code == "st":
        label = "small_talk"
        attrs = {"kind": {"g": "greeting", "p": "personal"}[args[0]]}
    elif code == "qp":
        label = "quantified_pain"
        attrs = {"amount": " ".join(args)}
    elif code in ("ch", "ca", "self", "int"):
        label = {"ch": "challenge", "ca": "candor", "self": "self_talk", "int": "interruption"}[
            code
        ]
    elif code == "sum":
        label = "summarize"
        refs = [] if args[0] == "-" else args[0].split(",")  # "-": an earlier call
        attrs = {"covers_turns": [_ref(t, anchors, path) for t in refs]}
    elif code == "need":
        label = "need"
        attrs = {"id": args[0]}
    elif code == "rec":
        label = "recommendation"
        attrs = {"unrequested": True} if args[0] == "-" else {"needs": args[0].split(",")}
    elif code == "stall":
        label = "stall"
        attrs = {"kind": args[0]}
    elif code == "sr":
        label = "stall_response"
        attrs = {"stall_turn": _ref(args[0], anchors, path), "handling": args[1]}
    elif code == "ns":
        label = "next_step"
        date = " ".join(args[3:])
        attrs = {
            "concrete": args[0] == "y",
            "date": None if date in ("", "-") else date,
            "owner": args[1],
            "accepted": {"y": True, "n": False, "-": None}[args[2]],
        }
    elif code == "nsa":
        label = "next_step_accept"
        attrs = {"step_turn": _ref(args[0], anchors, path)}
    else:
        sys.exit(f"{path}: turn {i}: unknown moment code {code!r}")
    if quote not in turn.text:
        sys.exit(f"{path}: turn {i}: quote not in turn: {quote!r}\n  turn: {turn.text!r}")
    return {"turn": i, "speaker": turn.speaker, "quote": quote, "label": label, "attrs": attrs}


def time_turns(src: Source, rng: random.Random) -> None:
    t = float(src.meta.get("start_at", "1.5"))
    rate = float(src.meta.get("words_per_second", WORDS_PER_SECOND))
    prev_end = t
    for turn in src.turns:
        n = len(turn.text.split())
        dur = max(0.7, n / (rate * rng.uniform(0.9, 1.12)))
        if turn.cuts_in:
            start = max(prev_end - rng.uniform(0.4, 1.1), (turn.start or 0.0))
        else:
            start = prev_end + rng.uniform(0.15, 1.0)
        turn.start, turn.end = round(start, 3), round(start + dur, 3)
        prev_end = turn.end
        # cues: 6-14 words each, times proportional to words
        words = turn.text.split()
        chunks: list[list[str]] = []
        k = 0
        while k < len(words):
            size = rng.randint(6, 14)
            if len(words) - (k + size) < 4:
                size = len(words) - k
            chunks.append(words[k : k + size])
            k += size
        c0 = start
        for chunk in chunks:
            c1 = c0 + dur * len(chunk) / n
            turn.cues.append((round(c0, 3), round(c1, 3), " ".join(chunk)))
            c0 = c1


def _ms(t: float) -> str:
    m, s = divmod(int(t), 60)
    return f"{m:02d}:{s:02d}"


def _numbered_cues(turns: list[Turn], sep: str) -> list[str]:
    """Numbered "Speaker: text" cues as Zoom VTT (``sep`` ".") and SRT (",") write them."""
    out: list[str] = []
    n = 1
    for t in turns:
        for a, b, text in t.cues:
            assert a is not None and b is not None
            out += [str(n), f"{_clock(a, sep)} --> {_clock(b, sep)}", f"{t.speaker}: {text}", ""]
            n += 1
    return out


def export(src: Source, rng: random.Random) -> str:
    fmt = src.meta["format"]
    turns = src.turns
    if fmt == "zoom-vtt":
        return "\n".join(["WEBVTT", "", *_numbered_cues(turns, ".")])
    if fmt == "teams-vtt":
        base = src.meta.get("teams_id", "7c2e91d0-4b1a-4f3e")
        out = ["WEBVTT", ""]
        for j, t in enumerate(turns):
            for k, (a, b, text) in enumerate(t.cues):
                assert a is not None and b is not None
                out += [
                    f"{base}/{j + 14}-{k}",
                    f"{_clock(a, '.')} --> {_clock(b, '.')}",
                    f"<v {t.speaker}>{text}</v>",
                    "",
                ]
        return "\n".join(out)
    if fmt in ("srt", "srt-asr"):
        return "\n".join(_numbered_cues(turns, ","))
    if fmt == "otter-txt":
        out = []
        for t in turns:
            assert t.start is not None
            m, s = divmod(int(t.start), 60)
            out += [f"{t.speaker}  {m}:{s:02d}", t.text, ""]
        return "\n".join(out)
    if fmt == "bracket-txt":
        lines = []
        for t in turns:
            assert t.start is not None and t.end is not None
            lines.append(f"[{_ms(t.start)} - {_ms(t.end)}] {t.speaker}: {t.text}")
        return "\n".join(lines) + "\n"
    if fmt == "timestamped-txt":
        lines = []
        for t in turns:
            assert t.start is not None
            lines.append(f"[{_clock(t.start, '.')[:8]}] {t.speaker}: {t.text}")
        return "\n".join(lines) + "\n"
    if fmt == "fathom-md":
        share = src.meta.get("share_id", src.meta["id"].split("_")[0])
        out = [f"# {src.meta['title']}", "", f"Date: {src.meta['call_date']}", ""]
        for t in turns:
            assert t.start is not None
            stamp = _clock(t.start, ".")[:8]
            link = f"https://fathom.video/share/{share}?timestamp={t.start:.1f}"
            out += [f"**{t.speaker}** [{stamp}]({link})", f"> {t.text}", ""]
        return "\n".join(out)
    if fmt == "plain-txt":
        return "\n".join(f"{t.speaker}: {t.text}" for t in turns) + "\n"
    if fmt == "markdown":
        names = list(dict.fromkeys(t.speaker for t in turns))
        out = [
            f"# {src.meta['title']}",
            "",
            f"Date: {src.meta['call_date']}",
            f"Participants: {', '.join(names)}",
            "",
            "## Transcript",
            "",
        ]
        for t in turns:
            out += [f"**{t.speaker}:** {t.text}", ""]
        return "\n".join(out)
    if fmt == "generic-json":
        names = list(dict.fromkeys(t.speaker for t in turns))
        segments = []
        for t in turns:
            for a, b, text in _sentence_cues(t):
                segments.append({"speaker": t.speaker, "start": a, "end": b, "text": text})
        doc = {
            "title": src.meta["title"],
            "date": src.meta["call_date"],
            "participants": [{"name": n} for n in names],
            "segments": segments,
        }
        return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    if fmt == "whisper-json":
        segments = []
        for t in turns:
            for a, b, text in t.cues:
                segments.append(
                    {
                        "id": len(segments),
                        "start": a,
                        "end": b,
                        "text": " " + text,
                        "speaker": t.speaker,
                    }
                )
        doc = {"text": " ".join(t.text for t in turns), "segments": segments, "language": "en"}
        return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    if fmt == "deepgram-json":
        utts: list[dict[str, Any]] = []
        for t in turns:
            for a, b, text in t.cues:
                utts.append(
                    {
                        "start": a,
                        "end": b,
                        "confidence": round(rng.uniform(0.84, 0.98), 3),
                        "channel": 0,
                        "transcript": text,
                        "speaker": int(t.speaker.split()[-1]),
                    }
                )
        deepgram: dict[str, Any] = {
            "metadata": {"created": f"{src.meta['call_date']}T09:00:00.000Z", "channels": 1},
            "results": {
                "channels": [{"alternatives": [{"transcript": " ".join(t.text for t in turns)}]}],
                "utterances": utts,
            },
        }
        return json.dumps(deepgram, indent=1, ensure_ascii=False) + "\n"
    if fmt == "assemblyai-json":
        utts = []
        for t in turns:
            assert t.start is not None and t.end is not None
            utts.append(
                {
                    "speaker": t.speaker,
                    "start": int(t.start * 1000),
                    "end": int(t.end * 1000),
                    "text": t.text,
                    "confidence": round(rng.uniform(0.86, 0.97), 3),
                }
            )
        doc = {
            "id": src.meta.get("aai_id", "0f3d9a"),
            "status": "completed",
            "text": " ".join(t.text for t in turns),
            "utterances": utts,
        }
        return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    if fmt == "rev-json":
        return _rev_json(src, rng)
    if fmt == "aws-transcribe-json":
        return _aws_json(src, rng)
    if fmt == "whisperx-json":
        return _whisperx_json(src, rng)
    sys.exit(f"unknown format {fmt}")


_TRAILING_PUNCT = re.compile(r"^(.*?[^.,?!;:])([.,?!;:]+)$")
_FLAT_OBJECT = re.compile(r"\{\n\s+([^{}\[\]]*?)\n\s+\}")


def _word_json(doc: dict[str, Any]) -> str:
    """Indented JSON with each innermost object (a word, an element) on one line."""
    text = json.dumps(doc, indent=1, ensure_ascii=False)
    flat = _FLAT_OBJECT.sub(
        lambda m: "{" + " ".join(part.strip() for part in m.group(1).split("\n")) + "}", text
    )
    return flat + "\n"


def _timed_words(t: Turn) -> list[tuple[str, float, float]]:
    """The turn's whitespace-separated words, each with a start and end spread over the turn."""
    words = t.text.split()
    assert t.start is not None and t.end is not None
    step = (t.end - t.start) / len(words)
    return [
        (w, round(t.start + k * step, 3), round(t.start + (k + 1) * step - 0.02, 3))
        for k, w in enumerate(words)
    ]


def _rev_json(src: Source, rng: random.Random) -> str:
    """Rev ``monologues[].elements[]``: words as ``text``, trailing punctuation and the spaces
    between words as ``punct`` elements (a monologue per turn, ``speaker_name`` given)."""
    names = list(dict.fromkeys(t.speaker for t in src.turns))
    monologues = []
    for t in src.turns:
        elements: list[dict[str, Any]] = []
        for k, (w, a, b) in enumerate(_timed_words(t)):
            if k:
                elements.append({"type": "punct", "value": " "})
            m = _TRAILING_PUNCT.match(w)
            word, punct = (m.group(1), m.group(2)) if m else (w, "")
            elements.append(
                {
                    "type": "text",
                    "value": word,
                    "ts": a,
                    "end_ts": b,
                    "confidence": round(rng.uniform(0.8, 1.0), 2),
                }
            )
            if punct:
                elements.append({"type": "punct", "value": punct})
        monologues.append(
            {"speaker": names.index(t.speaker), "speaker_name": t.speaker, "elements": elements}
        )
    return _word_json({"monologues": monologues})


def _aws_json(src: Source, rng: random.Random) -> str:
    """AWS Transcribe job output: ``results.items`` word by word with ``speaker_label``
    (``spk_0`` …) and times as strings; no punctuation items (an ASR-style export)."""
    items: list[dict[str, Any]] = []
    for t in src.turns:
        for w, a, b in _timed_words(t):
            items.append(
                {
                    "id": len(items),
                    "type": "pronunciation",
                    "alternatives": [{"confidence": f"{rng.uniform(0.7, 1.0):.4f}", "content": w}],
                    "start_time": f"{a:.3f}",
                    "end_time": f"{b:.3f}",
                    "speaker_label": t.speaker,
                }
            )
    doc = {
        "jobName": src.meta.get("title", src.meta["id"]),
        "accountId": "000000000000",
        "status": "COMPLETED",
        "results": {
            "transcripts": [{"transcript": " ".join(t.text for t in src.turns)}],
            "speaker_labels": {"speakers": len({t.speaker for t in src.turns})},
            "items": items,
        },
    }
    return _word_json(doc)


def _whisperx_json(src: Source, rng: random.Random) -> str:
    """WhisperX: sentence segments with ``speaker`` (``SPEAKER_00`` …) and their ``words``."""
    segments: list[dict[str, Any]] = []
    for t in src.turns:
        timed = _timed_words(t)
        k = 0
        for a, b, text in _sentence_cues(t):
            n = len(text.split())
            words = [
                {
                    "word": w,
                    "start": ws,
                    "end": we,
                    "score": round(rng.uniform(0.5, 1.0), 3),
                    "speaker": t.speaker,
                }
                for w, ws, we in timed[k : k + n]
            ]
            k += n
            segments.append(
                {"start": a, "end": b, "text": " " + text, "words": words, "speaker": t.speaker}
            )
    word_segments = [w for s in segments for w in s["words"]]
    doc = {"segments": segments, "word_segments": word_segments, "language": "en"}
    return _word_json(doc)


def _sentence_cues(t: Turn) -> list[tuple[float | None, float | None, str]]:
    """Segments split at sentence ends (generic JSON exports one segment per sentence or two)."""
    parts = [p for p in re.split(r"(?<=[.?!])\s+", t.text) if p]
    n = len(t.text.split())
    assert t.start is not None and t.end is not None
    out: list[tuple[float | None, float | None, str]] = []
    c0 = t.start
    for p in parts:
        c1 = c0 + (t.end - t.start) * len(p.split()) / n
        out.append((round(c0, 3), round(c1, 3), p))
        c0 = c1
    return out


def build(path: Path, check: bool) -> Path:
    src = parse(path)
    meta = src.meta
    rng = random.Random(meta["id"])
    timed = meta["format"] not in ("markdown", "plain-txt")
    time_turns(src, rng)
    anchors = {t.anchor: i for i, t in enumerate(src.turns) if t.anchor}
    moments = []
    for i, t in enumerate(src.turns):
        for spec, quote in t.moments:
            moments.append(moment(spec, quote, i, t, anchors, path))
    meta.pop("words_per_second", None)
    for i in range(1, len(src.turns)):
        if src.turns[i].speaker == src.turns[i - 1].speaker:
            sys.exit(f"{path}: turns {i - 1} and {i} have the same speaker (one turn)")
    speakers = {t.speaker for t in src.turns}
    reps = [r.strip() for r in meta["reps"].split(";")]
    prospects = [p.strip() for p in meta["prospects"].split(";")]
    if speakers != set(reps) | set(prospects):
        sys.exit(f"{path}: speakers {sorted(speakers)} != reps + prospects")
    names = None
    if "speaker_names" in meta:
        names = dict(kv.split("=", 1) for kv in meta["speaker_names"].split(";"))
        names = {k.strip(): v.strip() for k, v in names.items()}
    labels = {
        "id": meta["id"],
        "file": meta["file"],
        "format": meta["format"],
        "industry": meta["industry"],
        "call_type": meta["call_type"],
        "style": meta["style"],
        "asr_noise": meta.get("asr_noise", "false") == "true",
        "call_date": meta["call_date"],
        "reps": reps,
        "prospects": prospects,
        "speaker_names": names,
        "turns": [
            {
                "i": i,
                "speaker": t.speaker,
                "start": t.start if timed else None,
                "end": t.end if timed else None,
                "text": t.text,
            }
            for i, t in enumerate(src.turns)
        ],
        "moments": moments,
        "criteria": src.criteria,
        "overall": float(meta["overall"]),
        "notes": meta["notes"],
    }
    folder = ROOT / meta["set"]
    transcript = export(src, rng)
    out_t = folder / meta["file"]
    out_l = folder / f"{meta['id']}.labels.json"
    labels_text = json.dumps(labels, indent=1, ensure_ascii=False) + "\n"
    if check:
        if (
            out_t.read_text(encoding="utf-8") != transcript
            or out_l.read_text(encoding="utf-8") != labels_text
        ):
            sys.exit(f"{path}: built files differ from the committed ones")
    else:
        folder.mkdir(parents=True, exist_ok=True)
        out_t.write_text(transcript, encoding="utf-8")
        out_l.write_text(labels_text, encoding="utf-8")
    minutes = (src.turns[-1].end or 0) / 60
    words = sum(len(t.text.split()) for t in src.turns)
    counts: dict[str, int] = {}
    for m in moments:
        counts[m["label"]] = counts.get(m["label"], 0) + 1
    print(f"{meta['id']}: {len(src.turns)} turns, {words} words, {minutes:.1f} min, {counts}")
    return out_l


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the committed files")
    parser.add_argument("ids", nargs="*")
    args = parser.parse_args()
    for path in sorted((ROOT / "src").glob("*.call")):
        if args.ids and path.stem not in args.ids:
            continue
        build(path, args.check)


if __name__ == "__main__":
    main()
