from __future__ import annotations

import gzip
import json
from pathlib import Path

from carelayer.types import Article, SyncFailure
from knowledge.sources.files import FilesSource


def _scan(path: Path) -> tuple[list[Article], list[SyncFailure]]:
    items = list(FilesSource("kb", path).scan())
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, SyncFailure)]


def test_reads_every_format_and_keeps_jsonl_ids(tmp_path: Path) -> None:
    (tmp_path / "guides").mkdir()
    (tmp_path / "guides" / "parking.md").write_text("---\ntitle: Parking\nurl: https://x.example/p\n---\nLevel 2.")
    (tmp_path / "hours.html").write_text("<title>Hours</title><p>Nine to five.</p>")
    (tmp_path / "fees.txt").write_text("Fees\n\nTwenty five dollars.")
    (tmp_path / "faq.jsonl").write_text(
        json.dumps({"id": "mq:1", "title": "Flu", "body": "Get a shot.", "url": "https://x.example/f"}) + "\n"
    )
    with gzip.open(tmp_path / "more.jsonl.gz", "wt") as handle:
        handle.write(json.dumps({"id": 42, "body": "<p>Bring your card.</p>"}) + "\n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.md").write_text("secret draft")
    articles, failures = _scan(tmp_path)
    by_id = {a.id: a for a in articles}
    assert failures == []
    assert set(by_id) == {"guides/parking.md", "hours.html", "fees.txt", "mq:1", "42"}
    assert (by_id["guides/parking.md"].title, by_id["guides/parking.md"].url) == (
        "Parking",
        "https://x.example/p",
    )
    assert by_id["fees.txt"].title == "Fees"
    assert by_id["mq:1"].url == "https://x.example/f"
    assert by_id["42"].body == "Bring your card."  # HTML bodies in JSONL are converted too
    assert by_id["42"].title == "42"


def test_bad_items_are_reported_with_file_and_line_and_the_rest_goes_on(tmp_path: Path) -> None:
    (tmp_path / "kb.jsonl").write_text(
        '{"id": "a", "title": "A", "body": "fine"}\n'
        "{not json\n"
        '["a list"]\n'
        '{"id": "b", "title": "B", "body": "  "}\n'
        '{"id": "c", "title": "C", "body": "also fine"}\n'
    )
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 hours".encode("latin-1"))
    (tmp_path / "empty.html").write_text("<html><script>x()</script></html>")
    articles, failures = _scan(tmp_path)
    assert sorted(a.id for a in articles) == ["a", "c"]
    reasons = {f.location.replace(str(tmp_path) + "/", ""): f.reason for f in failures}
    assert reasons["kb.jsonl:2"].startswith("malformed JSON")
    assert reasons["kb.jsonl:3"] == "expected a JSON object"
    assert reasons["kb.jsonl:4"] == "missing or empty: body"
    assert reasons["latin1.txt"].startswith("not UTF-8")
    assert reasons["empty.html"].startswith("empty article")
    undecodable = next(f for f in failures if f.location.endswith("latin1.txt"))
    assert undecodable.article_id == "latin1.txt" and not undecodable.whole_source


def test_missing_path_is_one_whole_source_failure(tmp_path: Path) -> None:
    articles, failures = _scan(tmp_path / "nowhere")
    assert articles == []
    assert len(failures) == 1 and failures[0].whole_source


def test_truncated_gzip_stops_pruning(tmp_path: Path) -> None:
    data = gzip.compress(b"".join(json.dumps({"id": i, "body": "x" * 50}).encode() + b"\n" for i in range(200)))
    (tmp_path / "kb.jsonl.gz").write_bytes(data[: len(data) // 2])
    articles, failures = _scan(tmp_path)
    assert articles  # what could be read is delivered
    assert failures[-1].whole_source


def test_a_single_file_can_be_the_source(tmp_path: Path) -> None:
    file = tmp_path / "one.md"
    file.write_text("# Title\n\nBody")
    articles, _ = _scan(file)
    assert [(a.id, a.title) for a in articles] == [("one.md", "Title")]
