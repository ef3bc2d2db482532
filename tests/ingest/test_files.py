"""Which files are read: folder scans list what they skip, single files that are not
transcripts get a message saying what to do, and nothing blocks or reads without limit."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import callcoach.ingest.loader as loader_module
from callcoach.errors import IngestError
from callcoach.ingest import load_call
from callcoach.ingest.files import find_transcripts, scan_transcripts

CALL = "Ana: Shall we start?\nBo: Yes, go ahead.\n"


def test_a_folder_scan_lists_what_it_skipped_and_why(tmp_path: Path) -> None:
    for name in ("a.txt", "b.md", "notes.docx", "call.mp3", "slides.pdf", "README.md",
                 "team.yaml", ".hidden.txt", "_private.txt"):  # fmt: skip
        (tmp_path / name).write_text(CALL)
    scan = scan_transcripts([tmp_path])
    assert [p.name for p in scan.files] == ["a.txt", "b.md"]
    reasons = {s.path.name: s.reason for s in scan.skipped}
    assert set(reasons) == {"notes.docx", "call.mp3", "slides.pdf", "README.md", "team.yaml"}
    assert "transcribe it first" in reasons["call.mp3"]
    assert reasons["notes.docx"].startswith("DOCX file, which callcoach cannot read: export")
    assert "documentation" in reasons["README.md"]
    lines = scan.skipped_lines()
    prefix = "skipped call.mp3 — audio or video: callcoach reads transcripts; transcribe"
    assert any(line.startswith(prefix) for line in lines)
    assert find_transcripts([tmp_path]) == list(scan.files)


def test_a_folder_with_only_audio_says_so(tmp_path: Path) -> None:
    (tmp_path / "call.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVE")
    with pytest.raises(IngestError, match=r"no transcript files .*transcribe it first"):
        scan_transcripts([tmp_path])


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("call.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)), "transcribe it first"),
        ("call.m4a", b"\x00\x00\x00\x20ftypM4A " + bytes(64), "audio or video"),
        (
            "notes.docx",
            b"PK\x03\x04\x14\x00\x06\x00" + bytes(64),
            "is a DOCX file, which callcoach cannot read",
        ),
        (
            "notes.pdf",
            b"%PDF-1.7\n\x00\x01\x02" + bytes(64),
            "is a PDF file, which callcoach cannot read",
        ),
        (
            "upload.bin",
            b"%PDF-1.4\n\x00\x01\x02" + bytes(64),
            "is a document file, which callcoach cannot read",
        ),
    ],
)
def test_single_non_transcript_files_get_a_helpful_message(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError, match=message) as info:
        load_call(path)
    assert "binary" not in info.value.reason


def test_a_text_file_with_an_audio_suffix_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "mislabelled.mp3"
    path.write_text(CALL)
    assert [u.speaker for u in load_call(path).utterances] == ["Ana", "Bo"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.vtt"
    os.mkfifo(fifo)
    with pytest.raises(IngestError, match="FIFO"):
        load_call(fifo)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused_before_reading() -> None:
    with pytest.raises(IngestError, match="is a device, not a regular file"):
        load_call("/dev/zero")


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="/proc files report size 0 on Linux only"
)
def test_the_size_limit_counts_the_bytes_read(monkeypatch: pytest.MonkeyPatch) -> None:
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0  # what made the old stat-based check useless
    monkeypatch.setattr(loader_module, "MAX_FILE_BYTES", 10)
    with pytest.raises(IngestError, match="larger than"):
        load_call(status)
