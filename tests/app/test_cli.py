"""The command line as a user runs it: real config files, real index, output shapes, errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import main

KB_LINES = [
    {
        "id": "park-1",
        "title": "Parking",
        "body": "Park in garage B, level 2.",
        "url": "https://x.example/park",
    },
    {"id": "fee-1", "title": "No-show fee", "body": "Cancel 24 hours ahead or pay a $25 fee."},
    {"id": "refill-1", "title": "Refills", "body": "Request refills in the portal; allow 3 business days."},
]


@pytest.fixture
def config(tmp_path: Path, write_config: Callable[..., Path]) -> Path:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "articles.jsonl").write_text("\n".join(json.dumps(line) for line in KB_LINES) + "\n{broken\n")
    return write_config({"knowledge": {"sources": [{"name": "kb", "type": "files", "path": "kb"}]}})


def test_sync_prints_a_summary_and_reports_bad_lines(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(config), "sync"]) == 0
    err = capsys.readouterr().err
    assert "kb: 3 added, 0 updated, 0 removed, 0 unchanged, 1 failed" in err
    assert "articles.jsonl:4" in err and "malformed JSON" in err
    assert main(["--config", str(config), "sync", "--source", "kb"]) == 0
    assert "0 added, 0 updated, 0 removed, 3 unchanged" in capsys.readouterr().err


def test_search_json_shape(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--config", str(config), "sync"])
    capsys.readouterr()
    assert main(["--config", str(config), "search", "where can I park", "--k", "2", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["query"] == "where can I park"
    assert len(result["results"]) == 2
    assert result["results"][0] == {
        "article_id": "park-1",
        "title": "Parking",
        "url": "https://x.example/park",
        "source": "kb",
        "score": result["results"][0]["score"],
    }


def test_search_many_questions_from_jsonl(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--config", str(config), "sync"])
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"id": "q1", "question": "is there a fee if I miss my visit"}\n'
        "not json\n"
        '{"id": "q2", "question": ""}\n'
        '{"id": "q3", "question": "refill my medicine"}\n'
    )
    output = tmp_path / "out.jsonl"
    capsys.readouterr()
    assert (
        main(
            [
                "--config",
                str(config),
                "search",
                "--input",
                str(questions),
                "--output",
                str(output),
                "--k",
                "1",
            ]
        )
        == 0
    )
    lines = [json.loads(line) for line in output.read_text().splitlines()]
    assert [(line["id"], line["results"][0]["article_id"]) for line in lines] == [
        ("q1", "fee-1"),
        ("q3", "refill-1"),
    ]
    assert set(lines[0]["results"][0]) == {"article_id", "title", "url", "source", "score"}
    err = capsys.readouterr().err
    assert "q.jsonl:2: skipped: malformed JSON" in err
    assert "q.jsonl:3: skipped: 'question' must be a non-empty string" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sync", "--source", "nope"], "no knowledge source named 'nope'"),
        (["search", "x", "--source", "nope"], "no knowledge source named 'nope'"),
        (["search"], "give either a QUERY or --input FILE"),
        (["search", "--input", "/no/such/file.jsonl"], "/no/such/file.jsonl: cannot open"),
    ],
)
def test_user_mistakes_get_a_message_not_a_traceback(
    config: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(config), *args]) == 2
    err = capsys.readouterr().err
    assert message in " ".join(err.split())
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "x", "--k", "0"], "--k: must be between 1 and 100, got 0"),
        (["search", "x", "--k", "lots"], "--k: not a whole number: 'lots'"),
        (["purge", "--days", "0"], "--days: must be at least 1, got 0"),
        (["history", "--source", "past", "--limit", "-3"], "--limit: must be at least 1, got -3"),
    ],
)
def test_bad_numbers_on_the_command_line_are_named(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    assert message in " ".join(capsys.readouterr().err.split())


def test_invalid_config_exits_2_naming_the_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("retrieval:\n  k: lots\n")
    assert main(["--config", str(config), "sync"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert str(config) in err and "retrieval.k" in err


def test_nothing_synced_exits_1(tmp_path: Path, write_config: Callable[..., Path]) -> None:
    config = write_config({"knowledge": {"sources": [{"name": "gone", "type": "files", "path": "missing"}]}})
    assert main(["--config", str(config), "sync"]) == 1
