"""Reading and writing JSONL for the commands: bad lines are reported with their number, never fatal."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from carelayer.errors import InputError

Reporter = Callable[[str], None]


@contextmanager
def open_input(name: str) -> Iterator[TextIO]:
    """``-`` is standard input; anything else a UTF-8 file (undecodable bytes replaced, not fatal)."""
    if name == "-":
        yield sys.stdin
        return
    path = Path(name)
    try:
        handle = path.open(encoding="utf-8", errors="replace")
    except OSError as error:
        raise InputError(f"{name}: cannot open: {error.strerror or error}") from error
    with handle:
        yield handle


@contextmanager
def open_output(name: str) -> Iterator[TextIO]:
    if name == "-":
        yield sys.stdout
        return
    try:
        handle = Path(name).open("w", encoding="utf-8")  # noqa: SIM115 - closed by the with below
    except OSError as error:
        raise InputError(f"{name}: cannot write: {error.strerror or error}") from error
    with handle:
        yield handle


def read_objects(handle: TextIO, label: str, report: Reporter) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each line holding a JSON object; others reported and skipped."""
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            report(f"{label}:{number}: skipped: malformed JSON ({error.msg} at column {error.colno})")
            continue
        if not isinstance(value, dict):
            report(f"{label}:{number}: skipped: expected a JSON object")
            continue
        yield number, value


def write_object(handle: TextIO, value: dict[str, Any]) -> None:
    handle.write(json.dumps(value, ensure_ascii=False) + "\n")
    handle.flush()
