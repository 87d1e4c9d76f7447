"""`carelayer sources` and `carelayer sync --prune` as a user runs them, with a files source and a
Confluence source served by the stateful fake."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.cli import main
from tests.knowledge.fake_confluence import TOKEN, USERNAME, FakeConfluence, serve


@pytest.fixture
def fake() -> FakeConfluence:
    fake = FakeConfluence()
    fake.add_page("PS", "Parking", "<p>Park in garage B, level 2.</p>")
    fake.add_page("PS", "Refills", "<p>Request refills in the portal; allow 3 business days.</p>")
    return fake


@pytest.fixture
def config(
    tmp_path: Path, write_config: Callable[..., Path], fake: FakeConfluence, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    kb = tmp_path / "kb"
    kb.mkdir()
    lines = [
        {"id": "fee", "title": "Fees", "body": "A $25 no-show fee applies.", "updated_at": "2020-01-01T00:00:00Z"},
        {"id": "hours", "title": "Hours", "body": "Open 8 to 5 on weekdays.", "updated_at": "2099-01-01"},
    ]
    (kb / "kb.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    monkeypatch.setenv("CONFLUENCE_API_TOKEN", TOKEN)
    with serve(fake.app) as url:
        wiki = {"name": "wiki", "type": "confluence", "url": url, "spaces": ["PS"], "username": USERNAME}
        files = {"name": "kb", "type": "files", "path": "kb"}
        yield write_config({"knowledge": {"max_age_days": 365, "sources": [files, wiki]}})


def _sources(config: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    capsys.readouterr()
    assert main(["--config", str(config), "sources", "--json"]) == 0
    return {row["name"]: row for row in json.loads(capsys.readouterr().out)["sources"]}


def test_sources_before_and_after_a_sync(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _sources(config, capsys)
    assert before["kb"]["status"] == before["wiki"]["status"] == "never synced"
    assert before["wiki"]["type"] == "confluence" and before["wiki"]["cursor"] is None

    assert main(["--config", str(config), "sync"]) == 0
    after = _sources(config, capsys)
    assert after["wiki"]["articles"] == 2 and after["wiki"]["added"] == 2 and after["wiki"]["status"] == "ok"
    assert after["wiki"]["last_sync"] is not None and after["wiki"]["errors"] == []
    assert json.loads(str(after["wiki"]["cursor"]))["since"]
    assert (after["kb"]["stale_articles"], after["kb"]["status"], after["kb"]["max_age_days"]) == (1, "stale", 365)


def test_sources_shows_errors_and_a_table(
    config: Path, fake: FakeConfluence, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.fail_next(401, times=1)
    main(["--config", str(config), "sync", "--source", "wiki"])
    rows = _sources(config, capsys)
    assert rows["wiki"]["status"] == "errors"
    assert any("HTTP 401" in str(error) for error in rows["wiki"]["errors"])  # type: ignore[attr-defined]
    assert TOKEN not in json.dumps(rows)
    assert main(["--config", str(config), "sources"]) == 0
    table = capsys.readouterr().out
    assert "wiki" in table and "confluence" in table and "errors" in table


def test_sync_prune_removes_pages_deleted_upstream(
    config: Path, fake: FakeConfluence, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(config), "sync", "--source", "wiki"]) == 0
    fake.trash(next(p.id for p in fake.pages.values() if p.title == "Parking"))
    assert main(["--config", str(config), "sync", "--source", "wiki", "--prune"]) == 0
    assert "wiki: 0 added, 0 updated, 1 removed" in capsys.readouterr().err
    assert _sources(config, capsys)["wiki"]["last_pruned"] is not None
