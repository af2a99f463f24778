"""A posted form read as a stream, within limits: text fields of bounded length and files within
the policy's size, type and count. A file refused keeps the rest of the form: its part is read
past and noted, so the form can be shown again with every value and the reason. Only a body far
beyond any allowed form is refused as a whole (:class:`FormTooLarge`)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath

from aiohttp import BodyPartReader, hdrs, web

from config.policy import Attachments

CHUNK = 64 * 1024
FIELD_BYTES = 256 * 1024  # one text field: far more than any field allows (the form says what does)
SPARE_BYTES = 2 * 1024 * 1024  # the text fields and multipart framing beside the files


@dataclass(frozen=True, slots=True)
class Upload:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class RefusedUpload:
    """A file not taken: ``kind`` is ``too_big``, ``type`` or ``too_many``."""

    filename: str
    kind: str


@dataclass
class PostedForm:
    fields: dict[str, str] = field(default_factory=dict)
    files: list[Upload] = field(default_factory=list)
    refused: list[RefusedUpload] = field(default_factory=list)

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)


class FormTooLarge(Exception):
    """The body is larger than any form with the allowed files can be."""


async def read_form(request: web.Request, *, file_field: str, max_files: int, limits: Attachments) -> PostedForm:
    """The form of ``request`` (multipart or urlencoded); files only from ``file_field``."""
    if request.content_type != "multipart/form-data":
        posted = await request.post()
        return PostedForm({name: value for name, value in posted.items() if isinstance(value, str)})
    budget = _Budget((max_files + 1) * limits.max_bytes + SPARE_BYTES)
    form = PostedForm()
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):  # a nested multipart: no browser sends one for a form
            raise FormTooLarge("nested multipart")
        name = part.name or ""
        if part.filename is None:
            data, whole = await _read(part, FIELD_BYTES, budget)
            form.fields[name] = data.decode(part.get_charset("utf-8") or "utf-8", errors="replace")
            if not whole:
                form.fields[name] += "\u2026"  # longer than any field allows: refused as too long
            continue
        filename = clean_filename(part.filename)
        content_type = (part.headers.get(hdrs.CONTENT_TYPE) or "application/octet-stream").split(";")[0].strip().lower()
        if name != file_field:
            await _read(part, 0, budget)
            continue
        data, whole = await _read(part, limits.max_bytes, budget)
        if not part.filename.strip() and not data:  # the file input left empty
            continue
        if not whole:
            form.refused.append(RefusedUpload(filename, "too_big"))
        elif content_type not in limits.allowed_types:
            form.refused.append(RefusedUpload(filename, "type"))
        elif len(form.files) >= max_files:
            form.refused.append(RefusedUpload(filename, "too_many"))
        else:
            form.files.append(Upload(filename, content_type, data))
    return form


def clean_filename(raw: str) -> str:
    """The name of a file without any path, control characters or excess length."""
    name = PureWindowsPath(PurePosixPath(raw).name).name
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[:200] or "file"


@dataclass
class _Budget:
    left: int

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise FormTooLarge("the form is larger than its fields and files may be")


async def _read(part: BodyPartReader, limit: int, budget: _Budget) -> tuple[bytes, bool]:
    """At most ``limit`` bytes of the part, the rest read past; whether that was all of it."""
    kept = bytearray()
    whole = True
    while chunk := await part.read_chunk(CHUNK):
        budget.spend(len(chunk))
        if whole and len(kept) + len(chunk) <= limit:
            kept.extend(chunk)
        else:
            whole = False
    return bytes(kept), whole
