"""A local OpenAI-compatible chat server for tests: records every request, replies as scripted.

``POST /v1/chat/completions`` answers in the shape of the OpenAI Chat Completions API
(https://platform.openai.com/docs/api-reference/chat/object), with ``usage`` token counts. Each
request takes the next scripted ``Reply`` (content, HTTP status with an OpenAI error body, or a delay
before answering); with the script empty, ``default`` builds the content from the request.
The real ``langchain-openai`` client talks to it over HTTP, so tests see exactly what reached the wire.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, Response, jsonify, request

Responder = Callable[[dict[str, Any]], str]


@dataclass(frozen=True)
class Reply:
    """One scripted answer: ``content`` (status 200), or an error ``status``; ``delay`` seconds first."""

    content: str = ""
    status: int = 200
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    raw: str

    @property
    def text(self) -> str:
        """Everything the request carried as text: its raw body and headers."""
        return self.raw + "\n" + json.dumps(self.headers)


def echo_first_passage(body: dict[str, Any]) -> str:
    """A well-behaved composer answer: the first two sentences of passage P1, citing P1.

    For a classifier request: the first listed category with confidence 0.9.
    """
    system, user = _messages(body)
    if "Classify a patient-support message" in system:
        first = re.search(r"^- ([a-z0-9_-]+):", system, re.MULTILINE)
        return json.dumps({"category": first.group(1) if first else "general", "confidence": 0.9})
    passage = re.search(r'<passage id="P1"[^>]*>\n(.*?)\n</passage>', user, re.DOTALL)
    text = passage.group(1) if passage else ""
    lines = [ln.strip("-* ") for ln in text.split("\n") if ln.strip() and not ln.startswith("#")]
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(lines)) if len(s) > 20][:2]
    return json.dumps({"answerable": True, "sentences": [{"text": s, "citations": ["P1"]} for s in sentences]})


def _messages(body: dict[str, Any]) -> tuple[str, str]:
    system = user = ""
    for message in body.get("messages", []):
        content = message.get("content")
        text = content if isinstance(content, str) else json.dumps(content)
        if message.get("role") == "system":
            system += text
        elif message.get("role") == "user":
            user += text
    return system, user


class OpenAIStub:
    """State of the stub: scripted replies and recorded requests (thread-safe)."""

    def __init__(self, default: Responder = echo_first_passage) -> None:
        self.default = default
        self.requests: list[Recorded] = []
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()

    def script(self, *replies: Reply | str) -> None:
        """Queue replies for the next requests (a str is a 200 answer with that content)."""
        with self._lock:
            self._script.extend(r if isinstance(r, Reply) else Reply(content=r) for r in replies)

    def reset(self) -> None:
        """Forget recorded requests and unused scripted replies."""
        with self._lock:
            self.requests.clear()
            self._script.clear()

    def app(self) -> Flask:
        app = Flask("openai-stub")

        @app.post("/v1/chat/completions")
        def completions() -> Response | tuple[Response, int]:
            raw = request.get_data(as_text=True)
            body = json.loads(raw)
            with self._lock:
                self.requests.append(Recorded(request.path, dict(request.headers), body, raw))
                reply = self._script.popleft() if self._script else None
            if reply is not None and reply.delay:
                time.sleep(reply.delay)
            if reply is not None and reply.status != 200:
                error = {"error": {"message": "scripted failure", "type": "server_error", "code": reply.status}}
                response = jsonify(error)
                response.headers.update(reply.headers)
                return response, reply.status
            content = reply.content if reply is not None else self.default(body)
            return jsonify(_completion(body, content))

        return app


def _completion(body: dict[str, Any], content: str) -> dict[str, Any]:
    system, user = _messages(body)
    prompt_tokens, completion_tokens = len((system + user).split()), len(content.split())
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 1_780_000_000,
        "model": body.get("model", "stub"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }
