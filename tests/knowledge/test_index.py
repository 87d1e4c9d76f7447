from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from carelayer.settings import RetrievalSettings, Settings, load_settings
from knowledge.embeddings import Embedder
from knowledge.index import article_key_of, fuse, open_index
from knowledge.sources import build_source
from knowledge.sync import sync_all


def test_rrf_rewards_agreement_and_respects_weights() -> None:
    lexical = [("a#0", 9.0), ("b#0", 5.0), ("c#0", 1.0)]
    dense = [("b#0", 0.9), ("c#0", 0.8)]
    fused = fuse(lexical, dense, RetrievalSettings(rrf_k=60))
    assert [f.chunk_id for f in fused] == ["b#0", "c#0", "a#0"]
    assert fused[0].score == pytest.approx(1 / 62 + 1 / 61)
    assert (fused[0].lexical_rank, fused[0].dense_rank) == (2, 1)
    lexical_only = fuse(lexical, dense, RetrievalSettings(dense_weight=0))
    assert [f.chunk_id for f in lexical_only] == ["a#0", "b#0", "c#0"]


def test_article_key_survives_hashes_inside_ids() -> None:
    assert article_key_of("kb:va:care/refills#1#3") == "kb:va:care/refills#1"


def _two_sources(tmp_path: Path, write_config: Callable[..., Path], **retrieval: object) -> Settings:
    for name, body in (
        ("clinic", "Garage B parking level 2 for the main clinic."),
        ("lab", "Lab parking is in lot C behind the lab building."),
    ):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "parking.md").write_text(f"# {name.title()} parking\n\n{body}")
        (folder / "long.md").write_text(
            f"# {name.title()} guide\n\n"
            + "\n\n".join(f"## Part {i}\n\n" + f"Section {i} explains parking rule {i}. " * 40 for i in range(5))
        )
    sources = [{"name": n, "type": "files", "path": n} for n in ("clinic", "lab")]
    return load_settings(write_config({"knowledge": {"sources": sources}, "retrieval": retrieval}), environ={})


def test_results_are_one_per_article_and_filtered_by_source(
    tmp_path: Path, write_config: Callable[..., Path], embedder: Embedder
) -> None:
    settings = _two_sources(tmp_path, write_config)
    index = open_index(settings, embedder=embedder)
    try:
        sync_all([build_source(s, settings.secrets) for s in settings.knowledge.sources], index)
        hits = index.search("parking rule", k=10)
        keys = [f"{h.chunk.source}:{h.article_id}" for h in hits]
        assert len(keys) == len(set(keys)) == 4
        assert hits == sorted(hits, key=lambda h: h.score, reverse=True)
        only_lab = index.search("parking", k=10, sources=["lab"])
        assert {h.chunk.source for h in only_lab} == {"lab"}
        assert index.search("   ") == []
    finally:
        index.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server (`chroma run`, from the chromadb package) on a free loopback port."""
    port = _free_port()
    chroma = Path(sys.executable).with_name("chroma")
    folder = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(folder), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/api/v2/heartbeat", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("chroma server did not start")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_chroma_server_works_like_the_embedded_store(
    tmp_path: Path, write_config: Callable[..., Path], embedder: Embedder, chroma_server: str
) -> None:
    settings = _two_sources(tmp_path, write_config, chroma_url=chroma_server, collection="servertest")
    index = open_index(settings, embedder=embedder)
    try:
        reports = sync_all([build_source(s, settings.secrets) for s in settings.knowledge.sources], index)
        assert [r.added for r in reports] == [2, 2]
        dense = index.search("lot C behind the lab", k=1, method="dense")  # type: ignore[arg-type]
        assert dense[0].chunk.title == "Lab parking"
    finally:
        index.close()
    assert not (settings.data_dir / "knowledge" / "chroma").exists()  # vectors went to the server
