"""Write the seller-voice head trained on the invented rows plus the blind writers' gold roles.

    python scripts/train_roles_voice.py [--batches open,...,open20] [--name seller_voice_writers]
        [--out DIR] [--c 10]

The rows are ``callcoach.eval.roles_voice.writers_head``'s: the invented
``training/heads/seller_voice.jsonl`` plus every sentence of at least five words of the named
opened blind batches, labelled by whether a gold rep said it (read at training time through
``moment_rows.sentence_rows``, never copied into a file; the dev calls never train). The
head's JSON records the batches that trained it, the invented file's SHA-256 and the
embedding model. It is **not shipped** (written to the git-ignored ``reports/heads`` unless
``--out`` says otherwise; ``seller_voice`` stays the head the role guess reads): on the 40
read calls it separated the sides better, but it lost open7 before that batch was read and
took three buyers as the rep on the 28 sealed calls (docs/evaluation/roles-voice.md).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

from callcoach.eval.moment_rows import TRAINABLE
from callcoach.eval.roles_voice import INVENTED, WRITERS_C, writers_head

ROOT = Path(__file__).resolve().parents[1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", default=",".join(TRAINABLE))
    parser.add_argument("--name", default="seller_voice_writers")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "heads")
    parser.add_argument("--c", type=float, default=WRITERS_C)
    args = parser.parse_args(argv)
    import sklearn

    from callcoach.nlp.embeddings import MODEL_SHA256, default_embedder

    batches = [b for b in args.batches.split(",") if b]
    head = writers_head(default_embedder(), batches, args.c, args.name)
    meta = dict(head.metadata)
    meta.update(
        {
            "embedding_model_sha256": MODEL_SHA256,
            "sklearn_version": sklearn.__version__,
            "training_data": "training/heads/seller_voice.jsonl + sentence_rows(blind_batches)",
            "training_sha256": hashlib.sha256(INVENTED.read_bytes()).hexdigest(),
            "trained_by": "scripts/train_roles_voice.py",
            "labels": "1 = a gold rep said the sentence (moment_rows.SentenceRow.is_rep)",
            "judged_by": "scripts/lobo_roles_voice.py (docs/evaluation/roles-voice.md)",
        }
    )
    written = type(head)(head.name, head.coef, head.intercept, head.threshold, meta).save(args.out)
    print(
        f"{args.name}: {meta['rows']} rows ({meta['invented_rows']} invented, "
        f"{meta['blind_rows']} from {', '.join(batches)}), C={args.c}"
    )
    for path in written:
        print(f"  wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
