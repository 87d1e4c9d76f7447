"""The one error tree of carelayer.

Every error a user can cause or meet derives from ``CarelayerError`` and carries a message written
for that user: what is wrong and where. The command line prints that message and exits non-zero
instead of showing a traceback.
"""

from __future__ import annotations


class CarelayerError(Exception):
    """Base of every error carelayer raises on purpose."""


class ConfigError(CarelayerError):
    """The configuration file or environment is invalid.

    ``location`` names the file and, where known, the key path (``knowledge.sources[0].path``).
    """

    def __init__(self, message: str, *, location: str = "") -> None:
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class InputError(CarelayerError):
    """Input given on the command line or in a file cannot be used (file and line in the message)."""


class SourceError(CarelayerError):
    """A knowledge source could not be read at all (a single bad item is a ``SyncFailure``, not this).

    ``status`` is the HTTP status when the source's server answered one.
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)


class KnowledgeIndexError(CarelayerError):
    """The knowledge index cannot be opened, written or queried."""


class EmbeddingError(KnowledgeIndexError):
    """An embedding model cannot be loaded or used (missing extra, unknown model ...)."""


class StoreError(CarelayerError):
    """The state store or the job queue cannot be opened, read or written (path and SQLite's reason)."""


class HelpdeskError(CarelayerError):
    """A helpdesk call failed; subclasses say whether retrying could help.

    ``status`` is the HTTP status when the helpdesk answered one.
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)


class RetryableHelpdeskError(HelpdeskError):
    """429, 409, 5xx or a connection error: the same call may succeed later."""


class PermanentHelpdeskError(HelpdeskError):
    """401, 403, 404, 422 and the like: retrying cannot help."""


class FhirError(CarelayerError):
    """The EHR's FHIR server failed or refused a patient action (resource type and status, never PHI)."""


class ModelError(CarelayerError):
    """A language model call failed or answered something unusable (timeout, provider error, malformed)."""
