"""Domain errors: each says what was tried and why it was refused."""

from __future__ import annotations


class DomainError(Exception):
    """Base for every refusal the core gives."""


class TransitionRefused(DomainError):
    def __init__(self, reference: str, current: str, target: str, reason: str) -> None:
        self.reference, self.current, self.target, self.reason = reference, current, target, reason
        super().__init__(f"case {reference}: cannot go from {current} to {target}: {reason}")


class ConcurrencyConflict(DomainError):
    def __init__(self, reference: str, expected: int | None = None, actual: int | None = None) -> None:
        self.reference = reference
        detail = f" (you saw version {expected}, it is now {actual})" if expected is not None else ""
        super().__init__(f"case {reference} was changed by someone else meanwhile{detail}; reload it and try again")


class CaseNotFound(DomainError):
    def __init__(self, reference: str) -> None:
        self.reference = reference
        super().__init__(f"no case with reference {reference}")


class InvalidReference(DomainError):
    """A reference that cannot be one: wrong shape, or its check character does not match (a typo)."""

    def __init__(self, text: str, reason: str, *, typo: bool = False) -> None:
        self.text, self.reason, self.typo = text, reason, typo
        super().__init__(f"{text!r} is not a valid reference: {reason}")


class AccessDenied(DomainError):
    pass


class AttachmentRejected(DomainError):
    """:param kind: ``too_big`` or ``type`` (a type the policy does not accept)"""

    def __init__(self, filename: str, reason: str, kind: str = "type") -> None:
        self.filename, self.reason, self.kind = filename, reason, kind
        super().__init__(f"attachment {filename!r} refused: {reason}")


class ValidationFailed(DomainError):
    pass


class AccessLinkInvalid(DomainError):
    """A status-page link that opens nothing: used before, expired, or never issued (one error
    for all three, so the answer tells a stranger nothing)."""

    def __init__(self) -> None:
        super().__init__("this link is not valid: it was used already, it has expired, or it was never issued; "
                         "ask for a new one on the status page")
