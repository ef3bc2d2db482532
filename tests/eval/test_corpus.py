"""Loading corpora in the shared schema and turning them into calls."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callcoach.errors import EvalError
from callcoach.eval.corpus import default_roles, load_corpus, strip_punctuation, to_call
from tests.eval.conftest import WriteCorpus, toy_records


def test_loads_a_path_grouped_by_conversation(write_corpus: WriteCorpus) -> None:
    conversations = load_corpus(str(write_corpus()), split="dev")
    assert [c.conversation_id for c in conversations] == ["c1", "c2"]
    first = conversations[0]
    assert first.dataset == "swda" and first.split == "dev"
    assert [u.turn for u in first.utterances] == [0, 1, 2, 3]
    assert first.utterances[0].labels == ("da:qw",)


def test_gzip_file_and_folder_both_work(write_corpus: WriteCorpus) -> None:
    path = write_corpus(gz=True)
    assert len(load_corpus(str(path))) == 2
    assert len(load_corpus(str(path.parent))) == 2


def test_split_filter_and_all_splits(write_corpus: WriteCorpus) -> None:
    path = write_corpus(toy_records("dev") + toy_records("train"))
    assert len(load_corpus(str(path), split=None)) == 2
    assert sum(len(c.utterances) for c in load_corpus(str(path), split=None)) == 16
    with pytest.raises(EvalError, match="no utterances in split 'test'"):
        load_corpus(str(path), split="test")


def test_bad_json_names_file_and_line(write_corpus: WriteCorpus) -> None:
    good = json.dumps(toy_records()[0])
    path = write_corpus(lines=[good, "{not json"])
    with pytest.raises(EvalError, match=r"utterances\.jsonl:2: invalid JSON"):
        load_corpus(str(path))


def test_missing_field_names_the_field(write_corpus: WriteCorpus) -> None:
    record = toy_records()[0]
    del record["text"]
    with pytest.raises(EvalError, match=r":1: missing field\(s\) text"):
        load_corpus(str(write_corpus([record])))


def test_unknown_corpus_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLCOACH_DATA", str(tmp_path))
    (tmp_path / "mine").mkdir()
    with pytest.raises(EvalError, match=r"no corpus found.*corpora in .*: mine"):
        load_corpus("nosuchcorpus")


def test_to_call_keeps_one_utterance_per_row(write_corpus: WriteCorpus) -> None:
    conversation = load_corpus(str(write_corpus()))[1]
    call = to_call(conversation)
    assert [u.id for u in call.utterances] == ["u0000", "u0001", "u0002", "u0003"]
    assert call.utterances[1].text == "Oh, really?"
    assert not call.has_timestamps
    stripped = to_call(conversation, strip_punct=True)
    assert stripped.utterances[1].text == "oh really"
    assert stripped.id != call.id


def test_strip_punctuation_keeps_contractions() -> None:
    assert (
        strip_punctuation("What's the plan, Sam? 'Quoted' -- ok!")
        == "what's the plan sam quoted ok"
    )


def test_default_roles_one_run_per_speaker_without_corpus_roles(
    write_corpus: WriteCorpus,
) -> None:
    runs = default_roles(load_corpus(str(write_corpus()))[0])
    assert [r.reps for r in runs] == [("A",), ("B",)]
    assert runs[0].prospects == ("B",)


def test_default_roles_from_corpus_roles(write_corpus: WriteCorpus) -> None:
    records = toy_records()[:4]
    for record in records:
        record["role"] = "persuader" if record["speaker"] == "A" else "persuadee"
    (roles,) = default_roles(load_corpus(str(write_corpus(records)))[0])
    assert roles.reps == ("A",) and roles.prospects == ("B",)
