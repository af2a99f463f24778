"""Screenshots of the web pages for the documentation (docs/web/), taken in chromium: the
complaint form, its error state and the acknowledgement, in English and Russian, at a desktop and
a phone width. A developer's tool, never run by the product:

    PYTHONPATH=. python -m tests.support.web_screenshots [docs/web] [--nlu-dir DIR]

The NLU models come from pytest's cache (trained by any test run that needs them), or are
trained into a temporary folder."""

from __future__ import annotations

import argparse
import asyncio
import io
import tempfile
from pathlib import Path

from PIL import Image

from bot.keys import KeyBuilder
from bot.kv import MemoryKeyValue
from channels.app.web import build_web_app
from channels.web.complaint_page import ComplaintPage
from channels.web.factory import build_site
from channels.web.routes import install
from channels.web.site import SITE_KEY
from config.settings import load_settings
from core.runtime import Core
from core.storage.schema import create_all
from nlu.analyzer import Analyzer
from tests.support.browser import DESKTOP, PHONE, chromium, served
from tests.support.clock import FixedClock

NLU_CACHE = Path(".pytest_cache/d/complaintdesk-nlu")
COLOURS = 64  # a palette this small keeps the pictures small and the text sharp
STORY = {
    "en": {"description": "My credit card was charged twice for one order on 5 November.", "incident_date": "2026-11-05",
           "product": "credit card", "order_number": "A-77812", "amount": "45.50",
           "desired_outcome": "A refund of the second charge", "name": "Ann Smith", "email": "ann@example.com"},
    "ru": {"description": "С моей карты дважды списали деньги за один заказ 5 ноября.", "incident_date": "2026-11-05",
           "product": "кредитная карта", "order_number": "A-77812", "amount": "4500,50",
           "desired_outcome": "Вернуть лишнее списание", "name": "Анна Смирнова", "email": "anna@example.com"},
}


def small_png(picture: bytes, target: Path) -> int:
    image = Image.open(io.BytesIO(picture)).convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
    image.save(target, format="PNG", optimize=True)
    return target.stat().st_size


async def take(out: Path, nlu_dir: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="complaintdesk-shots-") as scratch:
        settings = load_settings(data_dir=Path(scratch) / "data", smtp_worker_process=False)
        core = Core.build(settings, clock=FixedClock())
        await create_all(core.engine)
        app = build_web_app(core)
        install(app, build_site(core, MemoryKeyValue(), KeyBuilder("shots")))
        ComplaintPage(app[SITE_KEY], core, Analyzer.load(core.policy, nlu_dir)).routes(app)
        written: list[Path] = []
        try:
            async with served(app) as base, chromium() as browser:
                for lang, story in STORY.items():
                    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
                        page = await browser.new_page(viewport=viewport)  # type: ignore[arg-type]

                        async def shot(name: str) -> None:
                            target = out / f"{name}-{lang}-{width}.png"
                            small_png(await page.screenshot(full_page=True), target)
                            written.append(target)

                        await page.goto(f"{base}/complaint?lang={lang}")
                        await shot("complaint")
                        await page.fill("#f-description", story["description"][:9])
                        await page.fill("#f-email", story["email"].split("@")[0] + "@")
                        async with page.expect_navigation():
                            await page.click("button[type=submit]")
                        await shot("complaint-errors")
                        for name, value in story.items():
                            await page.fill(f"#f-{name}", value)
                        await page.check("#f-consent")
                        async with page.expect_navigation():
                            await page.click("button[type=submit]")
                        await shot("acknowledged")
                        await page.close()
        finally:
            await core.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path("docs/web"))
    parser.add_argument("--nlu-dir", type=Path, default=NLU_CACHE)
    arguments = parser.parse_args()
    nlu_dir = arguments.nlu_dir if arguments.nlu_dir.exists() else Path(tempfile.mkdtemp(prefix="complaintdesk-nlu-"))
    for path in asyncio.run(take(arguments.out, nlu_dir)):
        print(f"{path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
