"""Structured logs: one JSON object per line, for a log shipper (journald, Loki, Elastic ...).

``carelayer --log-json COMMAND`` installs ``JsonFormatter`` on the root logger. A line holds the
time (UTC), level, logger, message and process id; the ``key=value`` pairs of carelayer's own lines
(``app/worker.py``) are lifted into fields. An exception is reduced to its type and where it was
raised: exception messages can quote ticket text, and logs never carry ticket text, PHI or secrets.
"""

from __future__ import annotations

import json
import logging
import shlex
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


class JsonFormatter(logging.Formatter):
    """``format`` guarantees one line of valid JSON per record, whatever the message holds."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,
        }
        fields = _pairs(message)
        line |= {f"f_{k}" if k in line else k: v for k, v in fields.items()} if fields else {"msg": message}
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            frames = error.__traceback__
            while frames is not None and frames.tb_next is not None:
                frames = frames.tb_next
            where = f"{Path(frames.tb_frame.f_code.co_filename).name}:{frames.tb_lineno}" if frames else "?"
            line["error"] = f"{type(error).__name__} at {where}"
        return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


def _pairs(message: str) -> dict[str, str]:
    """``key=value`` pairs when the whole message is made of them (values may be JSON-quoted), else {}."""
    try:
        parts = shlex.split(message, posix=True)
    except ValueError:
        return {}
    if not parts or not all("=" in part and part.split("=", 1)[0].isidentifier() for part in parts):
        return {}
    pairs = (part.partition("=") for part in parts)
    return {key: value for key, _, value in pairs}


def use_json_logs(level: int) -> None:
    """Send every log record to standard error as JSON lines at ``level``."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=level, handlers=[handler], force=True)
