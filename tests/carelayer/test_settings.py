from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from carelayer.errors import ConfigError
from carelayer.settings import BUNDLED_CONFIG, FilesSourceSettings, load_settings


def test_bundled_example_is_valid_and_has_the_default_taxonomy() -> None:
    settings = load_settings(BUNDLED_CONFIG, environ={})
    assert [c.name for c in settings.categories] == [
        "appointments",
        "billing",
        "prescriptions",
        "records",
        "providers",
        "general",
        "clinical",
        "emergency",
    ]
    source = settings.knowledge.sources[0]
    assert isinstance(source, FilesSourceSettings) and source.path.is_dir()


def test_relative_paths_resolve_against_the_config_folder(write_config: Callable[..., Path], tmp_path: Path) -> None:
    config = write_config(
        {"data_dir": "state", "knowledge": {"sources": [{"name": "a", "type": "files", "path": "docs"}]}}
    )
    settings = load_settings(config, environ={})
    assert settings.data_dir == tmp_path / "state"
    source = settings.knowledge.sources[0]
    assert isinstance(source, FilesSourceSettings) and source.path == tmp_path / "docs"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"retreival": {"k": 3}}, "retreival: unknown key"),
        ({"retrieval": {"k": "many"}}, "retrieval.k: Input should be a valid integer"),
        (
            {"knowledge": {"sources": [{"name": "a", "type": "files"}]}},
            "knowledge.sources[0].path: Field required",
        ),
        (
            {"knowledge": {"sources": [{"name": "a", "type": "ftp", "path": "x"}]}},
            "knowledge.sources[0]: Input tag 'ftp'",
        ),
        (
            {"knowledge": {"sources": [{"name": "a", "type": "files", "path": "x"}] * 2}},
            "source name 'a' is used twice",
        ),
        ({"categories": [{"name": "clinical", "mode": "auto"}]}, "category 'clinical' can only hand off"),
        ({"categories": [{"name": "billing", "mode": "sometimes"}]}, "categories[0].mode"),
        ({"retrieval": {"lexical_weight": 0, "dense_weight": 0}}, "cannot both be 0"),
    ],
)
def test_invalid_config_names_file_key_and_problem(
    write_config: Callable[..., Path], data: dict[str, object], expected: str
) -> None:
    config = write_config(data)
    with pytest.raises(ConfigError) as caught:
        load_settings(config, environ={})
    message = str(caught.value)
    assert str(config) in message
    assert expected in message


def test_yaml_syntax_error_is_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("knowledge: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_settings(config, environ={})


def test_named_config_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path / "nope.yaml", environ={})
    with pytest.raises(ConfigError, match=r"CARELAYER_CONFIG"):
        load_settings(None, environ={"CARELAYER_CONFIG": str(tmp_path / "nope.yaml")})


def test_config_from_environment_variable(write_config: Callable[..., Path]) -> None:
    config = write_config({"retrieval": {"k": 7}})
    assert load_settings(None, environ={"CARELAYER_CONFIG": str(config)}).retrieval.k == 7


def test_secrets_come_from_env_file_and_environment_wins(
    write_config: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("ZENDESK_API_TOKEN=from-file\nOTHER=x\n")
    settings = load_settings(write_config(), environ={"ZENDESK_API_TOKEN": "from-env"})
    assert settings.secret("ZENDESK_API_TOKEN") == "from-env"
    assert settings.secret("OTHER") == "x"
    assert settings.secret("MISSING") is None


@pytest.mark.parametrize(
    ("categories", "expected"),
    [
        ([{"name": "billing"}, {"name": "billing"}], "repeated: billing"),
        ([{"name": "billing"}, {"name": "general"}], "must include 'clinical' and 'emergency'"),
        ([{"name": "emergency", "mode": "draft"}], "category 'emergency' can only hand off"),
        ([{"name": "billing", "min_confidence": 1.5}], "categories[0].min_confidence"),
    ],
)
def test_taxonomy_rules(write_config: Callable[..., Path], categories: list[dict[str, object]], expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(write_config({"categories": categories}), environ={})
    assert expected in str(caught.value)


def test_training_data_paths_resolve_against_the_config(write_config: Callable[..., Path], tmp_path: Path) -> None:
    settings = load_settings(write_config({"classifier": {"training_data": ["past.jsonl"]}}), environ={})
    assert settings.file.classifier.training_data == (tmp_path / "past.jsonl",)
