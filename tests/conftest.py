"""Shared fixtures: a config writer, one real (offline) embedder and one real PostgreSQL for the whole
session (started only by the tests that ask for it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from carelayer.settings import EmbeddingSettings, Settings, load_settings
from knowledge.embeddings import Embedder, build_embedder
from tests.servers import PostgresServer, postgres_server


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return build_embedder(EmbeddingSettings())


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL on a free loopback port (tests/servers.py), for the state store and the console."""
    with postgres_server() as server:
        yield server


@pytest.fixture
def write_config(tmp_path: Path) -> Callable[..., Path]:
    """Write a config.yaml under tmp_path from a dict; data_dir defaults to tmp_path/data."""

    def write(data: dict[str, Any] | None = None, name: str = "config.yaml") -> Path:
        content = {"data_dir": str(tmp_path / "data"), **(data or {})}
        path = tmp_path / name
        path.write_text(yaml.safe_dump(content))
        return path

    return write


@pytest.fixture
def files_settings(tmp_path: Path, write_config: Callable[..., Path]) -> Callable[..., Settings]:
    """Settings with one `files` source named `kb` at tmp_path/kb (created)."""

    def make(**retrieval: Any) -> Settings:
        (tmp_path / "kb").mkdir(exist_ok=True)
        config = write_config(
            {
                "knowledge": {"sources": [{"name": "kb", "type": "files", "path": "kb"}]},
                "retrieval": retrieval,
            }
        )
        return load_settings(config, environ={})

    return make
