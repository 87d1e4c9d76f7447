"""The Zendesk sidebar app's files (manifest.json, translations/, assets/), shipped with carelayer so
that `carelayer zendesk app-package` can build the zip an admin uploads. Nothing here runs in Python."""

from pathlib import Path

SOURCE = Path(__file__).resolve().parent
