"""Every commented-out example in config.example.yaml is valid once a user uncomments it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from carelayer.settings import BUNDLED_CONFIG, FileSettings

# A commented example block: lines "    # - name: ..." then more "    #   key: value" lines at the same indent.
_BLOCK = re.compile(r"^(?P<indent> *)# - (?P<first>\w+:.*)\n(?P<rest>(?:(?P=indent)#   .*\n)*)", re.MULTILINE)


def _examples(section_indent: int) -> list[dict[str, object]]:
    text = BUNDLED_CONFIG.read_text(encoding="utf-8")
    found = []
    for match in _BLOCK.finditer(text):
        if len(match["indent"]) != section_indent:
            continue
        lines = ["- " + match["first"]] + [line.split("#", 1)[1][1:] for line in match["rest"].splitlines()]
        found.append(yaml.safe_load("\n".join(lines))[0])
    return found


def test_each_commented_knowledge_source_is_valid_when_uncommented() -> None:
    sources = _examples(section_indent=4)
    assert {s["type"] for s in sources} >= {"confluence", "zendesk_help_center", "past_tickets", "freshdesk_solutions"}
    base = yaml.safe_load(BUNDLED_CONFIG.read_text(encoding="utf-8"))
    for source in sources:
        data = {**base, "knowledge": {"sources": [source]}}
        FileSettings.model_validate(data)  # raises on any unknown key or wrong value


def test_each_commented_helpdesk_is_valid_when_uncommented() -> None:
    helpdesks = [h for h in _examples(section_indent=2) if "kind" in h]
    assert {h["kind"] for h in helpdesks} >= {"zendesk", "jsm", "freshdesk"}
    base = yaml.safe_load(BUNDLED_CONFIG.read_text(encoding="utf-8"))
    for helpdesk in helpdesks:
        FileSettings.model_validate({**base, "helpdesks": [helpdesk]})


def test_the_bundled_config_itself_loads() -> None:
    assert Path(BUNDLED_CONFIG).is_file()
    FileSettings.model_validate(yaml.safe_load(BUNDLED_CONFIG.read_text(encoding="utf-8")))
