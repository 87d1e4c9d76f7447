"""JSON log lines: valid JSON whatever the message, key=value pairs lifted, exception messages dropped."""

from __future__ import annotations

import json
import logging
import sys

from hypothesis import given
from hypothesis import strategies as st

from carelayer.logs import JsonFormatter


def _record(message: str, *args: object, exc: bool = False) -> logging.LogRecord:
    info = None
    if exc:
        try:
            raise ValueError("Jane Doe, DOB 1980-02-03, says her chest hurts")
        except ValueError:
            info = sys.exc_info()
    return logging.LogRecord("app.worker", logging.WARNING, __file__, 1, message, args, info)


def test_worker_lines_become_fields() -> None:
    line = JsonFormatter().format(
        _record('msg="job failed" job=12 attempt=2 error="RetryableHelpdeskError status=503"')
    )
    data = json.loads(line)
    assert data["msg"] == "job failed" and data["job"] == "12" and data["error"].endswith("status=503")
    assert data["level"] == "warning" and data["logger"] == "app.worker" and data["ts"].endswith("+00:00")


def test_an_exception_keeps_its_type_and_place_never_its_message() -> None:
    line = JsonFormatter().format(_record("webhook %s failed", "zendesk", exc=True))
    data = json.loads(line)
    assert data["msg"] == "webhook zendesk failed"
    assert data["error"].startswith("ValueError at test_logs.py:")
    assert "Jane" not in line and "1980" not in line


@given(st.text())
def test_any_message_is_one_line_of_json(message: str) -> None:
    line = JsonFormatter().format(_record(message.replace("%", "%%")))
    assert "\n" not in line
    assert isinstance(json.loads(line), dict)
