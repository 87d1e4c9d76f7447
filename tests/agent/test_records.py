from __future__ import annotations

from agent.records import parse_record


def test_full_labelled_record() -> None:
    record = parse_record(
        {
            "id": 7,
            "subject": "Bill",
            "body": "Why $40?",
            "tags": ["web", 3],
            "requester": {"name": "Ann", "email": "a@x.example"},
            "category": "billing",
            "reply": "Hi",
            "articles": ["fees.md"],
        },
        fallback_id="line-1",
        max_body_chars=1000,
    )
    assert record.ticket.id == "7" and record.ticket.tags == ("web",)
    assert record.ticket.requester is not None and record.ticket.requester.name == "Ann"
    assert (record.category, record.reply, record.articles, record.notes) == ("billing", "Hi", ("fees.md",), ())


def test_odd_records_are_coerced_with_notes() -> None:
    record = parse_record(
        {"body": "<p>Hello</p><br><p>there</p>", "tags": "x"}, fallback_id="line-4", max_body_chars=1000
    )
    assert record.ticket.id == "line-4"
    assert record.ticket.body == "Hello\n\nthere"
    assert record.ticket.tags == ()
    assert "no id in the input; using line-4" in record.notes
    assert "HTML removed from the body" in record.notes


def test_huge_body_is_cut_and_lone_surrogates_replaced() -> None:
    record = parse_record({"id": "x", "body": "a" * 5000 + "\udcff"}, fallback_id="l", max_body_chars=600)
    assert len(record.ticket.body) == 600
    assert record.notes == ("body cut from 5001 to 600 characters",)
    broken = parse_record({"id": "y", "subject": "caf\udce9", "body": None}, fallback_id="l", max_body_chars=600)
    assert broken.ticket.subject == "caf?" and broken.ticket.body == ""
