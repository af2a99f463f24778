"""Headless Chromium (Debian's ``chromium`` package) for looking at the HTML report as a browser
shows it: a screenshot of the whole page, or the DOM after loading. Tests that need it skip
loudly where it is missing, and fail under CI (``make install-test`` installs it as root)."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from tests.support.loud import unavailable

CHROMIUM = Path(os.environ.get("COMPLAINTDESK_TEST_CHROMIUM", "/usr/bin/chromium"))
TIMEOUT_S = 120
# No sandbox (CI runs as root), no GPU, nothing fetched from the network, no first-run chores.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
         "--mute-audio", "--lang=en-US")


def require_chromium() -> Path:
    if not os.access(CHROMIUM, os.X_OK):
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium; `make install-test` does it as root)")
    return CHROMIUM


def _run(page: Path, *flags: str) -> subprocess.CompletedProcess[bytes]:
    with tempfile.TemporaryDirectory(prefix="complaintdesk-chromium-") as profile:
        return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *flags, page.resolve().as_uri()],
                              capture_output=True, timeout=TIMEOUT_S, check=False)


def dump_dom(page: Path) -> str:
    """The page's DOM as Chromium has it once loaded."""
    done = _run(page, "--dump-dom")
    if done.returncode != 0:
        raise RuntimeError(f"chromium --dump-dom failed ({done.returncode}): {done.stderr.decode(errors='replace')[-800:]}")
    return done.stdout.decode("utf-8")


def screenshot(page: Path, out: Path, width: int, height: int) -> None:
    """A PNG of the page in a window ``width`` by ``height`` CSS pixels (take a tall window and
    trim it for a whole page: :func:`trimmed`)."""
    done = _run(page, f"--screenshot={out.resolve()}", f"--window-size={width},{height}")
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"chromium --screenshot failed ({done.returncode}): {done.stderr.decode(errors='replace')[-800:]}")


def trimmed(png: Path, out: Path, margin: int = 24, colours: int = 64) -> tuple[int, int]:
    """The screenshot without the empty space below the page, in a palette of ``colours`` (a
    report is flat colours and text: a small file); returns its width and height."""
    from PIL import Image, ImageChops

    with Image.open(png) as image:
        rgb = image.convert("RGB")
    background = Image.new("RGB", rgb.size, rgb.getpixel((rgb.width - 1, rgb.height - 1)))
    box = ImageChops.difference(rgb, background).getbbox()
    bottom = min(rgb.height, (box[3] if box else rgb.height) + margin)
    page = rgb.crop((0, 0, rgb.width, bottom)).quantize(colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    page.save(out, optimize=True)
    return page.width, page.height
