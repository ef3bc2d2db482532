"""Fit the dialogue-structure role model and write it (issue 9, ninth stop).

    python scripts/train_roles_structure.py [--batches open,...,open9] [--c 3] [--margin 2.0]
        [--out callcoach/detectors/models/roles_structure.json] [--note TEXT]

One row per speaker of the opened blind batches named (never the dev calls, never a sealed
or unopened batch): ``callcoach.roles.STRUCTURE_FEATURES`` plus the role guess's phrase and
voice scores (``EXTRA``), gold side from the label files, read at training time; the JSON
holds only the coefficients, the margin and which batches trained it. C and the margin
were chosen leave one batch out (``scripts/lobo_roles_structure.py``; the margin is the
smallest at which the model alone makes no wrong guess on the other batches).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from callcoach.eval.roles_structure import fit, load_calls
from callcoach.nlp import embeddings as _embeddings
from callcoach.nlp.embedding_cache import CachedEmbedder
from callcoach.roles import STRUCTURE_EXTRA, STRUCTURE_FEATURES, STRUCTURE_MODEL_PATH

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "reports" / "roles_vectors.sqlite"
DEFAULT = "open,open2,open3,open4,open5,open6,open7,open8,open9"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", default=DEFAULT)
    parser.add_argument("--c", type=float, default=3.0)
    parser.add_argument("--margin", type=float, default=2.0)
    parser.add_argument("--out", default=str(STRUCTURE_MODEL_PATH))
    parser.add_argument("--note", default="", help="how C and the margin were chosen")
    args = parser.parse_args(argv)
    embedder = CachedEmbedder.minilm(CACHE)
    _embeddings.default_embedder = lambda: embedder  # type: ignore[assignment]
    calls = load_calls(args.batches.split(","))
    model = fit(calls, STRUCTURE_FEATURES + STRUCTURE_EXTRA, args.c, args.margin)
    data = {
        "coef": dict(model.coef),
        "intercept": model.intercept,
        "margin": model.margin,
        "meta": {
            **model.meta,
            "inputs": list(STRUCTURE_FEATURES + STRUCTURE_EXTRA),
            "trained_by": "scripts/train_roles_structure.py",
            "rows": "one per speaker of the blind batches named, gold side from the label "
            "files, read at training time (never the dev calls or a sealed set)",
            "note": args.note,
        },
    }
    Path(args.out).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(data, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
