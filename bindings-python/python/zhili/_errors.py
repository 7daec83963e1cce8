"""The exceptions of zhili: one class per stable error code of the core (docs/errors.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Optional, Type

if TYPE_CHECKING:  # pragma: no cover
    from ._zhili import Answer


class ZhiliError(ValueError):
    """A question or look-up zhili cannot answer.

    ``code`` is the core's stable error code (``invalid-date``, ``unknown-article``, ...),
    ``message`` its text; ``answer`` is the error answer when the error came from ``ask()``.
    """

    code: str = ""

    def __init__(self, message: str, answer: Optional[Answer] = None) -> None:
        super().__init__(message)
        self.message = message
        self.answer = answer

    @property
    def id(self) -> str:
        """The id of the question that failed ("" when unknown)."""
        return self.answer.id if self.answer is not None else ""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class InvalidJson(ZhiliError):
    """Not JSON, not UTF-8, empty, nested deeper than 32 levels, or a value with no JSON form."""

    code = "invalid-json"


class InvalidQuestion(ZhiliError):
    """JSON, but not a question of the documented shape, or one that contradicts itself."""

    code = "invalid-question"


class UnknownKind(ZhiliError):
    """``kind`` names no question kind."""

    code = "unknown-kind"


class UnknownRegulation(ZhiliError):
    """A regulation key or name that is not in the corpus."""

    code = "unknown-regulation"


class UnknownArticle(ZhiliError):
    """A provision (article, paragraph or item) the regulation does not have."""

    code = "unknown-article"


class InvalidReference(ZhiliError):
    """A reference that cannot be parsed, or that names no regulation."""

    code = "invalid-reference"


class InvalidDate(ZhiliError):
    """Not ``YYYY-MM-DD``, or not a day of the calendar."""

    code = "invalid-date"


class UnknownFeature(ZhiliError):
    """A comparable feature the catalogue does not have."""

    code = "unknown-feature"


class InvalidFact(ZhiliError):
    """A fact of the wrong type or out of range."""

    code = "invalid-fact"


class UnknownFact(ZhiliError):
    """A fact key no question kind knows (never silently ignored)."""

    code = "unknown-fact"


class MissingFact(ZhiliError):
    """A fact the question kind cannot be answered without."""

    code = "missing-fact"


class TooLarge(ZhiliError):
    """A question over the size limit (1 MiB as JSON)."""

    code = "too-large"


class IngestFailed(ZhiliError):
    """A raw text that cannot be ingested faithfully."""

    code = "ingest-failed"


class InvalidNorm(ZhiliError):
    """The embedded data is inconsistent (a build defect)."""

    code = "invalid-norm"


ERROR_CLASSES: Dict[str, Type[ZhiliError]] = {
    c.code: c
    for c in (
        InvalidJson,
        InvalidQuestion,
        UnknownKind,
        UnknownRegulation,
        UnknownArticle,
        InvalidReference,
        InvalidDate,
        UnknownFeature,
        InvalidFact,
        UnknownFact,
        MissingFact,
        TooLarge,
        IngestFailed,
        InvalidNorm,
    )
}


def error_for(code: str, message: str, answer: Optional[Answer] = None) -> ZhiliError:
    """The exception for an error code (the base class for a code this package does not know,
    which a test rules out)."""
    cls = ERROR_CLASSES.get(code)
    if cls is None:
        err = ZhiliError(message, answer)
        err.code = code
        return err
    return cls(message, answer)
