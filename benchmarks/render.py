"""Render a timed conversation as the transcript files real tools export.

Used by ``scripts/build_examples.py`` (the sample calls in ``examples/``) and by
``benchmarks/generate.py`` (synthetic hour-long calls). Each renderer mimics one exporter's
layout closely enough that a parser written against the real files reads ours too.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import textwrap
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# Captioning tools cut long turns into cues of a few seconds; 7 s is a common ceiling.
MAX_CUE_SECONDS = 7.0
_SENTENCE_END = re.compile(r"[.?!]$")
_ASR_DROP = re.compile(r"[^\w\s']")


@dataclass(frozen=True, slots=True)
class Participant:
    name: str
    email: str | None = None
    role: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class Cue:
    speaker: str
    start: float
    end: float
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True, slots=True)
class Turn:
    speaker: str
    start: float
    end: float
    cues: tuple[Cue, ...]

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cues)

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for c in self.cues for w in c.words)


@dataclass(frozen=True, slots=True)
class Transcript:
    """A timed conversation, independent of any file format."""

    title: str
    date: str
    turns: tuple[Turn, ...]
    participants: tuple[Participant, ...] = ()
    seed: int = 0

    @property
    def duration(self) -> float:
        return max((t.end for t in self.turns), default=0.0)

    def speaker_order(self) -> tuple[str, ...]:
        """Speakers in order of first appearance: how diarizers number them."""
        return tuple(dict.fromkeys(t.speaker for t in self.turns))


def make_turn(speaker: str, text: str, start: float, end: float, *, asr: bool = False) -> Turn:
    """Spread ``text`` over ``start``–``end`` word by word and cut it into caption cues."""
    tokens = asr_words(text) if asr else text.split()
    words = _time_words(tokens, start, end)
    return Turn(speaker, start, end, _split_cues(speaker, words))


def asr_words(text: str) -> list[str]:
    """What a plain ASR engine prints: lower case, no punctuation, hyphens as spaces."""
    return _ASR_DROP.sub(" ", text.replace("-", " ").lower()).split()


def _time_words(tokens: Sequence[str], start: float, end: float) -> tuple[Word, ...]:
    # Longer words take longer to say; the +2 accounts for the syllable boundary cost.
    weights = [len(t) + 2 for t in tokens]
    total = sum(weights) or 1
    span = max(end - start, 0.05)
    words: list[Word] = []
    at = start
    for token, weight in zip(tokens, weights, strict=True):
        share = span * weight / total
        words.append(Word(token, round(at, 3), round(at + share * 0.9, 3)))
        at += share
    return tuple(words)


def _split_cues(speaker: str, words: Sequence[Word]) -> tuple[Cue, ...]:
    # Captioners cut at sentence ends, pack short sentences together, and split a long
    # sentence into even pieces (no one-word orphan cue at its end).
    pieces: list[Sequence[Word]] = []
    for sentence in _sentences(words):
        parts = max(1, math.ceil((sentence[-1].end - sentence[0].start) / MAX_CUE_SECONDS))
        size = math.ceil(len(sentence) / parts)
        pieces.extend(sentence[i : i + size] for i in range(0, len(sentence), size))
    cues: list[list[Word]] = []
    for piece in pieces:
        if cues and piece[-1].end - cues[-1][0].start <= MAX_CUE_SECONDS:
            cues[-1].extend(piece)
        else:
            cues.append(list(piece))
    return tuple(Cue(speaker, c[0].start, c[-1].end, tuple(c)) for c in cues)


def _sentences(words: Sequence[Word]) -> list[Sequence[Word]]:
    out: list[Sequence[Word]] = []
    begin = 0
    for i, word in enumerate(words):
        if _SENTENCE_END.search(word.text):
            out.append(words[begin : i + 1])
            begin = i + 1
    if begin < len(words):
        out.append(words[begin:])
    return out


def _all_cues(t: Transcript) -> list[Cue]:
    return [c for turn in t.turns for c in turn.cues]


def _clock(seconds: float, sep: str = ".") -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _short_clock(seconds: float) -> str:
    whole = int(seconds)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _digest(t: Transcript, salt: str) -> str:
    return hashlib.sha256(f"{t.seed}:{t.title}:{salt}".encode()).hexdigest()


def _uuid(t: Transcript, salt: str) -> str:
    """A version-4-shaped id, as exporters write, but derived from the seed (reproducible)."""
    return str(uuid.UUID(_digest(t, salt)[:32], version=4))


def _render_vtt_zoom(t: Transcript) -> str:
    """Zoom cloud-recording captions: numbered cues, ``Name: text`` inside the cue."""
    blocks = ["WEBVTT"]
    for i, cue in enumerate(_all_cues(t), 1):
        blocks.append(f"{i}\n{_clock(cue.start)} --> {_clock(cue.end)}\n{cue.speaker}: {cue.text}")
    return "\n\n".join(blocks) + "\n"


def _render_vtt_teams(t: Transcript) -> str:
    """Microsoft Teams transcript: GUID/n-k cue ids and ``<v Name>`` voice spans."""
    base = _uuid(t, "teams")
    blocks = ["WEBVTT"]
    for i, turn in enumerate(t.turns):
        for k, cue in enumerate(turn.cues):
            blocks.append(
                f"{base}/{i + 11}-{k}\n{_clock(cue.start)} --> {_clock(cue.end)}\n"
                f"<v {cue.speaker}>{cue.text}</v>"
            )
    return "\n\n".join(blocks) + "\n"


def _render_srt(t: Transcript) -> str:
    """SubRip with the speaker as a ``Name:`` prefix and lines wrapped at 42 characters."""
    blocks = []
    for i, cue in enumerate(_all_cues(t), 1):
        lines = textwrap.wrap(f"{cue.speaker}: {cue.text}", 42)
        blocks.append(
            f"{i}\n{_clock(cue.start, ',')} --> {_clock(cue.end, ',')}\n" + "\n".join(lines)
        )
    return "\n\n".join(blocks) + "\n"


def _render_text(t: Transcript) -> str:
    """A pasted transcript: one ``Name: text`` line per turn, no times."""
    return "\n".join(f"{turn.speaker}: {turn.text}" for turn in t.turns) + "\n"


def _render_text_timestamped(t: Transcript) -> str:
    """Meeting-notes style: ``[hh:mm:ss] Name: text`` per turn."""
    lines = [f"[{_clock(turn.start)[:8]}] {turn.speaker}: {turn.text}" for turn in t.turns]
    return "\n".join(lines) + "\n"


def _render_otter(t: Transcript) -> str:
    """Otter.ai TXT export: ``Name  0:01`` header, then the turn hard-wrapped."""
    blocks = [
        f"{turn.speaker}  {_short_clock(turn.start)}\n" + "\n".join(textwrap.wrap(turn.text, 80))
        for turn in t.turns
    ]
    return "\n\n".join(blocks) + "\n"


def _doc_generic_json(t: Transcript) -> dict[str, Any]:
    """callcoach's own JSON: title, date, participants and speaker-labelled segments."""
    doc = {
        "title": t.title,
        "date": t.date,
        "participants": [
            {"name": p.name, "email": p.email, "role": p.role} for p in t.participants
        ],
        "segments": [
            {"start": c.start, "end": c.end, "speaker": c.speaker, "text": c.text}
            for c in _all_cues(t)
        ],
    }
    return doc


def _whisper_segments(t: Transcript) -> list[list[Cue]]:
    # Whisper does not know speakers: a short reply often lands in the same segment as the
    # cue before it, so its segments do not line up with turns.
    groups: list[list[Cue]] = []
    for cue in _all_cues(t):
        last = groups[-1] if groups else None
        if (
            last is not None
            and cue.start - last[-1].end < 0.8
            and (len(cue.words) <= 3 or len(last[-1].words) <= 3)
            and cue.end - last[0].start < 12.0
        ):
            last.append(cue)
        else:
            groups.append([cue])
    return groups


def _doc_whisper(t: Transcript) -> dict[str, Any]:
    """OpenAI Whisper ``verbose_json``: segments with times and decoder stats, no speakers."""
    segments: list[dict[str, Any]] = []
    texts: list[str] = []
    for i, group in enumerate(_whisper_segments(t)):
        text = " " + " ".join(c.text for c in group)
        texts.append(text)
        segments.append(
            {
                "id": i,
                "seek": int(group[0].start // 30) * 3000,
                "start": group[0].start,
                "end": group[-1].end,
                "text": text,
                "temperature": 0.0,
                "avg_logprob": round(-0.18 - 0.02 * (i % 7), 4),
                "compression_ratio": round(1.45 + 0.03 * (i % 5), 4),
                "no_speech_prob": round(0.004 + 0.001 * (i % 9), 4),
            }
        )
    doc = {
        "task": "transcribe",
        "language": "english",
        "duration": round(t.duration + 1.5, 2),
        "text": "".join(texts),
        "segments": segments,
    }
    return doc


def _labels(t: Transcript, fmt: str) -> dict[str, str]:
    spell = DIARIZED_LABELS[fmt]
    return {name: spell(i) for i, name in enumerate(t.speaker_order())}


def _word_score(i: int) -> float:
    return round(0.62 + 0.037 * ((i * 7919) % 10), 3)


def _doc_whisperx(t: Transcript) -> dict[str, Any]:
    """WhisperX after diarization: SPEAKER_00… labels on segments and words, leading spaces."""
    labels = _labels(t, "whisperx")
    segments: list[dict[str, Any]] = []
    word_segments: list[dict[str, Any]] = []
    n = 0
    for cue in _all_cues(t):
        words = []
        for w in cue.words:
            words.append(
                {
                    "word": w.text,
                    "start": w.start,
                    "end": w.end,
                    "score": _word_score(n),
                    "speaker": labels[cue.speaker],
                }
            )
            n += 1
        segments.append(
            {
                "start": cue.start,
                "end": cue.end,
                "text": " " + cue.text,
                "words": words,
                "speaker": labels[cue.speaker],
            }
        )
        word_segments.extend(words)
    doc = {"segments": segments, "word_segments": word_segments, "language": "en"}
    return doc


def _split_punct(token: str) -> tuple[str, str]:
    core = token.rstrip(".,?!;:")
    return core, token[len(core) :]


def _doc_aws(t: Transcript) -> dict[str, Any]:
    """Amazon Transcribe: string times, punctuation items without times, spk_N labels."""
    labels = _labels(t, "aws")
    items: list[dict[str, Any]] = []
    label_segments: list[dict[str, Any]] = []
    audio_segments: list[dict[str, Any]] = []
    for cue in _all_cues(t):
        spk = labels[cue.speaker]
        ids: list[int] = []
        seg_items: list[dict[str, str]] = []
        for w in cue.words:
            core, punct = _split_punct(w.text)
            times = {"start_time": f"{w.start:.3f}", "end_time": f"{w.end:.3f}"}
            if core:
                ids.append(len(items))
                items.append(
                    {
                        "id": len(items),
                        "type": "pronunciation",
                        "alternatives": [
                            {"confidence": f"{_word_score(len(items)):.3f}", "content": core}
                        ],
                        **times,
                        "speaker_label": spk,
                    }
                )
                seg_items.append({**times, "speaker_label": spk})
            for mark in punct[:1]:
                ids.append(len(items))
                items.append(
                    {
                        "id": len(items),
                        "type": "punctuation",
                        "alternatives": [{"confidence": "0.0", "content": mark}],
                        "speaker_label": spk,
                    }
                )
        span = {"start_time": f"{cue.start:.3f}", "end_time": f"{cue.end:.3f}"}
        label_segments.append({**span, "speaker_label": spk, "items": seg_items})
        audio_segments.append(
            {
                "id": len(audio_segments),
                "transcript": cue.text,
                **span,
                "speaker_label": spk,
                "items": ids,
            }
        )
    doc = {
        "jobName": re.sub(r"[^a-z0-9]+", "-", f"{t.title} {t.date}".lower()).strip("-"),
        "accountId": "000000000000",
        "status": "COMPLETED",
        "results": {
            "transcripts": [{"transcript": " ".join(c.text for c in _all_cues(t))}],
            "speaker_labels": {
                "speakers": len(labels),
                "channel_label": "ch_0",
                "segments": label_segments,
            },
            "items": items,
            "audio_segments": audio_segments,
        },
    }
    return doc


def _doc_deepgram(t: Transcript) -> dict[str, Any]:
    """Deepgram pre-recorded API with ``diarize`` and ``utterances``: integer speakers."""
    labels = {name: i for i, name in enumerate(t.speaker_order())}
    all_words: list[dict[str, Any]] = []
    utterances: list[dict[str, Any]] = []
    for turn in t.turns:
        words = [
            {
                "word": _split_punct(w.text)[0].lower() or w.text,
                "start": w.start,
                "end": w.end,
                "confidence": _word_score(len(all_words) + j),
                "speaker": labels[turn.speaker],
                "speaker_confidence": 0.71,
                "punctuated_word": w.text,
            }
            for j, w in enumerate(turn.words)
        ]
        all_words.extend(words)
        utterances.append(
            {
                "start": turn.start,
                "end": turn.end,
                "confidence": 0.93,
                "channel": 0,
                "transcript": turn.text,
                "words": words,
                "speaker": labels[turn.speaker],
                "id": _uuid(t, f"utt{len(utterances)}"),
            }
        )
    transcript = " ".join(turn.text for turn in t.turns)
    doc = {
        "metadata": {
            "transaction_key": "deprecated",
            "request_id": _uuid(t, "deepgram"),
            "created": f"{t.date}T18:02:11.512Z",
            "duration": round(t.duration + 1.2, 3),
            "channels": 1,
            "models": [_uuid(t, "model")],
        },
        "results": {
            "channels": [
                {
                    "alternatives": [
                        {"transcript": transcript, "confidence": 0.99, "words": all_words}
                    ]
                }
            ],
            "utterances": utterances,
        },
    }
    return doc


def _doc_assemblyai(t: Transcript) -> dict[str, Any]:
    """AssemblyAI transcript with ``speaker_labels``: times in milliseconds, speakers A, B, …"""
    labels = _labels(t, "assemblyai")
    all_words: list[dict[str, Any]] = []
    utterances: list[dict[str, Any]] = []
    for turn in t.turns:
        words = [
            {
                "text": w.text,
                "start": round(w.start * 1000),
                "end": round(w.end * 1000),
                "confidence": _word_score(len(all_words) + j),
                "speaker": labels[turn.speaker],
            }
            for j, w in enumerate(turn.words)
        ]
        all_words.extend(words)
        utterances.append(
            {
                "confidence": 0.94,
                "end": round(turn.end * 1000),
                "speaker": labels[turn.speaker],
                "start": round(turn.start * 1000),
                "text": turn.text,
                "words": words,
            }
        )
    doc = {
        "id": _uuid(t, "assemblyai"),
        "status": "completed",
        "language_code": "en_us",
        "audio_duration": round(t.duration + 1),
        "speaker_labels": True,
        "text": " ".join(turn.text for turn in t.turns),
        "words": all_words,
        "utterances": utterances,
    }
    return doc


_TEXT_RENDERERS: dict[str, Callable[[Transcript], str]] = {
    "vtt-zoom": _render_vtt_zoom,
    "vtt-teams": _render_vtt_teams,
    "srt": _render_srt,
    "text": _render_text,
    "text-timestamped": _render_text_timestamped,
    "otter": _render_otter,
}
_JSON_DOCUMENTS: dict[str, Callable[[Transcript], dict[str, Any]]] = {
    "whisper": _doc_whisper,
    "whisperx": _doc_whisperx,
    "aws": _doc_aws,
    "deepgram": _doc_deepgram,
    "assemblyai": _doc_assemblyai,
    "json": _doc_generic_json,
}
RENDERERS = (*_TEXT_RENDERERS, *_JSON_DOCUMENTS)

# Formats whose files carry diarization labels instead of names, and how labels are spelled.
DIARIZED_LABELS: dict[str, Callable[[int], str]] = {
    "whisperx": lambda i: f"SPEAKER_{i:02d}",
    "aws": lambda i: f"spk_{i}",
    "deepgram": str,
    "assemblyai": lambda i: chr(ord("A") + i),
}
WITHOUT_SPEAKERS = frozenset({"whisper"})
WITHOUT_TIMES = frozenset({"text"})


def render(t: Transcript, fmt: str, *, pretty: bool = True) -> str:
    """Render ``t`` as ``fmt`` (one of ``RENDERERS``); raises ``KeyError`` for others.

    ``pretty=False`` writes JSON on one line, as vendor APIs return it.
    """
    if fmt in _JSON_DOCUMENTS:
        doc = _JSON_DOCUMENTS[fmt](t)
        return json.dumps(doc, indent=2 if pretty else None, ensure_ascii=False) + "\n"
    return _TEXT_RENDERERS[fmt](t)
