"""A config for the bundled example clinic with its own data folder, for tests above the knowledge layer."""

from __future__ import annotations

from pathlib import Path

import yaml

from carelayer.settings import BUNDLED_CONFIG

CLINIC = BUNDLED_CONFIG.parent / "examples" / "clinic"


def write_clinic_config(folder: Path, **category_modes: str) -> Path:
    """config.yaml in ``folder``: the example config, data under ``folder/data``, modes overridden by name."""
    data = yaml.safe_load(BUNDLED_CONFIG.read_text())
    data["data_dir"] = str(folder / "data")
    data["knowledge"]["sources"][0]["path"] = str(CLINIC / "knowledge")
    data["classifier"]["training_data"] = [str(CLINIC / "tickets.jsonl")]
    for category in data["categories"]:
        category["mode"] = category_modes.get(category["name"], category["mode"])
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    return path
