"""Attachment bytes, stored once by content hash in the data directory, within the policy's limits."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from config.policy import Attachments as AttachmentLimits
from core.errors import AttachmentRejected


@dataclass(frozen=True, slots=True)
class StoredBlob:
    sha256: str
    size: int


class AttachmentStore:
    def __init__(self, root: Path, limits: AttachmentLimits) -> None:
        self.root = root
        self.limits = limits

    def check(self, filename: str, content_type: str, size: int) -> None:
        """Raise AttachmentRejected if the policy does not accept such a file."""
        if size > self.limits.max_bytes:
            raise AttachmentRejected(filename, f"it is {size:,} bytes; the limit is {self.limits.max_bytes:,} bytes",
                                     kind="too_big")
        base_type = content_type.split(";")[0].strip().lower()
        if base_type not in self.limits.allowed_types:
            raise AttachmentRejected(filename, f"files of type {base_type or 'unknown'} are not accepted", kind="type")

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:]

    def save(self, filename: str, content_type: str, data: bytes) -> StoredBlob:
        self.check(filename, content_type, len(data))
        sha = hashlib.sha256(data).hexdigest()
        target = self.path_for(sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(handle.name, target)
        return StoredBlob(sha, len(data))

    def read(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def delete(self, sha256: str) -> int:
        """Remove the file of ``sha256`` (erasure); 1 if there was one, else 0."""
        try:
            self.path_for(sha256).unlink()
        except FileNotFoundError:
            return 0
        return 1
