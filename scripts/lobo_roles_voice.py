"""Leave-one-batch-out for the seller-voice head trained on the blind writers' gold roles.

    python scripts/lobo_roles_voice.py [--folds dev,open,...] [--train open,...]
        [--variants main,mix] [--scale 1.0] [--lead-side] [--voice-cut] [--voice-sign]
        [--lead-questions] [--no-terms] [--per-call] [--margin] [--noise 0.05]

The shipped ``seller_voice`` head (``callcoach/nlp/voice.py``) was trained on one helper's
invented sentences. The opened blind batches, written by other writers, give every
sentence with its speaker's gold side (``moment_rows.sentence_rows``: ``is_rep``). For each
held-out batch of ``--folds`` this trains a head on the invented rows plus the sentence rows
of the *other* trainable batches of ``--train`` (never the held-out one, never the dev calls,
which are scored as their own fold with a head trained on every ``--train`` batch), swaps it
in for the shipped head and scores the role guess without ``--rep`` on the held-out calls:
right / refused / wrong (buyer as rep), against the shipped head on the same calls.

Variants (``--variants``, comma-separated):

- ``main``: the shipped head (no training);
- ``inv``: the invented rows alone, refitted here (checks the refit matches ``main``);
- ``mix``: invented rows + the other batches' rows (C ``--c``);
- ``blind``: the other batches' rows alone.

``--lead-side``, ``--voice-cut``, ``--voice-sign``, ``--lead-questions`` switch the
``roles`` flags of the same names on (``--no-terms`` switches ``TERMS_GUARD`` off).
``--scale`` multiplies the voice margins of ``roles`` (conflict, decides, side gap, lead
apart), which are in the head's log-odds units; ``--margin`` also reports, per variant, how
well the voices alone separate the sides (top speaker a seller; every seller above every
buyer; the smallest seller − buyer gap) and how many guesses change when every sentence
vector is nudged by Gaussian noise of norm ``--noise`` (a stand-in for int8 embeddings).

Vectors are cached in ``reports/roles_vectors.sqlite`` (git-ignored, the package's
``CachedEmbedder``) so reruns embed nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from callcoach import roles
from callcoach.eval.lexicon_loco import DESIGN_BATCHES, read_batch_calls
from callcoach.eval.moment_rows import TRAINABLE
from callcoach.eval.roles_voice import SEED, writers_head
from callcoach.eval.salescalls import GoldCall, guess_outcome
from callcoach.model import Call
from callcoach.nlp import embeddings as _embeddings
from callcoach.nlp import voice as _voice
from callcoach.nlp.embedding_cache import CachedEmbedder
from callcoach.nlp.heads import EmbeddingHead, load_head

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "reports" / "roles_vectors.sqlite"
_MARGINS = ("_VOICE_CONFLICT", "_VOICE_DECIDES", "_SIDE_GAP", "_LEAD_APART")
_BASE = {name: float(getattr(roles, name)) for name in _MARGINS}


class NoisyEmbedder:
    """The shipped embedder behind the package's persistent cache, every vector optionally
    nudged by Gaussian noise of norm ``noise`` (a stand-in for int8 embeddings)."""

    def __init__(self, path: Path = CACHE) -> None:
        self.cached = CachedEmbedder.minilm(path)
        self.noise: float = 0.0
        self.rng = np.random.default_rng(SEED)

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        out = self.cached.encode(texts)
        if self.noise:
            bump = self.rng.normal(size=out.shape).astype(np.float32)
            bump *= self.noise / np.linalg.norm(bump, axis=1, keepdims=True)
            out = out + bump
            out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out


@dataclass(frozen=True)
class Loaded:
    batch: str
    gold: GoldCall
    call: Call


def load_batches(batches: Sequence[str]) -> list[Loaded]:
    return [Loaded(batch, gold, call) for batch, gold, call in read_batch_calls(batches)]


def train_variant(
    variant: str, embedder: NoisyEmbedder, batches: Sequence[str], c: float
) -> EmbeddingHead:
    """The head of ``variant`` for a fold whose training batches are ``batches``."""
    if variant == "main":
        return load_head("seller_voice")
    if variant == "inv":
        return writers_head(embedder, [], 10.0)
    if variant == "blind":
        return writers_head(embedder, batches, c, invented=False)
    if variant == "mix":
        return writers_head(embedder, batches, c)
    raise SystemExit(f"unknown variant {variant!r}")


def set_scale(scale: float) -> None:
    for name, value in _BASE.items():
        setattr(roles, name, value * scale)


def separation(call: Loaded) -> tuple[bool, bool, float | None]:
    """(top voice is a rep, every rep above every buyer, min rep − max buyer gap)."""
    turns = [(u.speaker, u.text) for u in call.call.utterances if u.speaker is not None]
    v = _voice.speaker_voice(turns).scores
    reps = [s for s in v if s in call.gold.reps]
    buyers = [s for s in v if s not in call.gold.reps]
    if not reps or not buyers:
        return False, False, None
    top = max(v, key=lambda s: v[s]) in reps
    gap = min(v[r] for r in reps) - max(v[b] for b in buyers)
    return top, gap > 0, gap


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", default=",".join(DESIGN_BATCHES), help="held-out batches")
    parser.add_argument("--train", default=",".join(TRAINABLE), help="batches that may train")
    parser.add_argument("--variants", default="main,mix")
    parser.add_argument("--c", type=float, default=10.0)
    parser.add_argument("--scale", default="1.0", help="comma-separated margin scales")
    parser.add_argument("--lead-side", action="store_true")
    parser.add_argument("--per-call", action="store_true")
    parser.add_argument("--margin", action="store_true")
    parser.add_argument("--noise", type=float, default=0.0)
    parser.add_argument("--voice-cut", action="store_true", help="roles.VOICE_CUT on")
    parser.add_argument("--lead-questions", action="store_true", help="roles.LEAD_QUESTIONS on")
    parser.add_argument("--voice-sign", action="store_true", help="roles.VOICE_SIGN on")
    parser.add_argument("--no-terms", action="store_true", help="switch roles.TERMS_GUARD off")
    args = parser.parse_args(argv)
    folds = args.folds.split(",")
    train = args.train.split(",")
    for b in train:
        if b not in TRAINABLE:
            raise SystemExit(f"{b}: not a trainable batch")
    embedder = NoisyEmbedder()
    _embeddings.default_embedder = lambda: embedder  # type: ignore[assignment]
    roles.LEAD_SIDE = args.lead_side
    roles.TERMS_GUARD = not args.no_terms
    roles.VOICE_CUT = args.voice_cut
    roles.VOICE_SIGN = args.voice_sign
    roles.LEAD_QUESTIONS = args.lead_questions
    calls = load_batches(folds)
    scales = [float(s) for s in args.scale.split(",")]
    table: dict[tuple[str, float], dict[str, Counter[str]]] = {}
    per_call: dict[tuple[str, float], dict[str, str]] = {}
    seps: dict[str, list[tuple[bool, bool, float | None]]] = {}
    for variant in args.variants.split(","):
        for fold in folds:
            others = [b for b in train if b != fold]
            head = train_variant(variant, embedder, others, args.c)
            _voice.load_head = lambda _name, _h=head: _h  # type: ignore[assignment]
            held = [c for c in calls if c.batch == fold]
            for scale in scales:
                set_scale(scale)
                counts = table.setdefault((variant, scale), {}).setdefault(fold, Counter())
                for c in held:
                    out = guess_outcome(c.call, c.gold)
                    counts[out.outcome] += 1
                    counts["buyer"] += out.buyer_as_rep
                    tag = out.outcome + ("!B" if out.buyer_as_rep else "")
                    per_call.setdefault((variant, scale), {})[c.gold.id] = tag
                    if args.noise and scale == scales[0]:
                        embedder.noise = args.noise
                        noisy = guess_outcome(c.call, c.gold)
                        embedder.noise = 0.0
                        counts["flip"] += noisy.outcome != out.outcome or set(
                            noisy.guessed_reps
                        ) != set(out.guessed_reps)
            if args.margin:
                set_scale(1.0)
                seps.setdefault(variant, []).extend(separation(c) for c in held)
    for (variant, scale), by_fold in table.items():
        total: Counter[str] = Counter()
        cells = []
        for fold in folds:
            c = by_fold.get(fold, Counter())
            total.update(c)
            cells.append(f"{fold} {c['right']}/{c['refused']}/{c['wrong']}({c['buyer']})")
        flips = f" flips {total['flip']}" if args.noise else ""
        print(
            f"{variant:6} x{scale:<4} ALL {total['right']}/{total['refused']}/{total['wrong']}"
            f"({total['buyer']}){flips} | " + " ".join(cells)
        )
    for variant, rows in seps.items():
        scored = [r for r in rows if r[2] is not None]
        gaps = [r[2] for r in scored if r[2] is not None]
        print(
            f"separation {variant}: top a rep {sum(r[0] for r in scored)}/{len(scored)}, "
            f"all reps above all buyers {sum(r[1] for r in scored)}/{len(scored)}, "
            f"gap mean {np.mean(gaps):+.2f} median {np.median(gaps):+.2f} min {min(gaps):+.2f}"
        )
    if args.per_call:
        keys = list(per_call)
        ids = list(per_call[keys[0]])
        for cid in ids:
            cells = " ".join(f"{per_call[k].get(cid, '-'):10}" for k in keys)
            print(f"{cid:44} {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
