"""`carelayer sync` / `search` with a Zendesk Help Center and past solved tickets (the fake Zendesk over HTTP)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.cli import main
from tests.connectors.zendesk.fake_export import solve_ticket
from tests.connectors.zendesk.fake_help_center import add_article
from tests.connectors.zendesk.fake_zendesk import EMAIL, TOKEN, FakeZendesk, serve


@pytest.fixture
def fake() -> FakeZendesk:
    fake = FakeZendesk()
    agent = fake.add_user("Agent Smith", "agent@clinic.example", role="agent")
    requester = fake.add_user("Jane Roe", "jane.roe@example.org")
    ticket = fake.create_ticket(
        "Lost parking ticket", "Hi, this is Jane Roe. I lost my parking ticket, what now?", requester_id=requester
    )
    fake.add_comment(ticket, "Internal: jackalope override code 4471.", public=False, author_id=agent)
    fake.add_comment(
        ticket, "Hi Jane, the front desk validates a lost parking ticket for free.", public=True, author_id=agent
    )
    fake.clock.now += 5
    solve_ticket(fake, ticket)
    add_article(fake, "Parking", "<h2>Parking</h2><p>Park in garage B, level 2.</p>")
    add_article(fake, "Draft: valet", "<p>Valet parking is coming soon.</p>", draft=True)
    return fake


@pytest.fixture
def config(fake: FakeZendesk, write_config: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ZENDESK_API_TOKEN", TOKEN)
    with serve(fake.app) as url:
        yield write_config(
            {
                "helpdesks": [{"name": "zendesk", "kind": "zendesk", "url": url, "email": EMAIL}],
                "knowledge": {
                    "sources": [
                        {"name": "hc", "type": "zendesk_help_center", "url": url, "email": EMAIL},
                        {"name": "past", "type": "past_tickets", "helpdesk": "zendesk"},
                    ]
                },
            }
        )


def test_sync_indexes_both_and_search_cites_the_past_ticket(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(config), "sync"]) == 0
    err = capsys.readouterr().err
    assert "hc: 1 added" in err and "past: 1 added" in err

    assert main(["--config", str(config), "search", "lost parking ticket", "--k", "3", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    titles = {r["title"] for r in results}
    assert "Past ticket: Lost parking ticket" in titles and "Parking" in titles
    assert "Draft: valet" not in titles
    past = next(r for r in results if r["source"] == "past")
    assert past["url"] is None

    assert main(["--config", str(config), "search", "jackalope override", "--method", "lexical", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)["results"]
    assert all(r["source"] != "past" for r in found)  # the internal note was never indexed


def test_a_past_tickets_source_naming_an_unknown_helpdesk_is_a_clear_error(
    write_config: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config({"knowledge": {"sources": [{"name": "past", "type": "past_tickets", "helpdesk": "zd"}]}})
    assert main(["--config", str(config), "sync"]) == 2
    err = capsys.readouterr().err
    assert "knowledge.sources.past" in err and "'zd' is not configured" in err
    assert "Traceback" not in err
