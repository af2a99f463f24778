"""``complaintdesk demo seed``: fill the configured database with months of realistic history, so a
new user sees a full management report at once. Real complaint narratives (the CFPB corpus) are
made through the intake dialogue on email, Telegram and Slack; agents work them with the service's
commands; complainants answer decisions and surveys through the dialogue; the timers run."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from channels.cli.common import console, errors, run_with_core, run_with_product, when
from channels.console.terminal import literal
from core.case_filter import CaseFilter

if TYPE_CHECKING:
    from channels.app.bootstrap import Product
    from channels.cli.demo.corpus import Source
    from channels.cli.demo.seeder import Seeded

app = typer.Typer(help="Demo data: a realistic history to try the product on.", no_args_is_help=True)

# The steps the summary names, in the order of the process; the tally's key, then the label.
STEPS = (("filed", "complaints filed through the dialogue"), ("not_filed", "narratives the dialogue did not file"),
         ("reassessed", "assessments revised"), ("assigned", "assignments"), ("agent_message", "first responses"),
         ("information_requested", "questions to complainants"), ("information_provided", "answers from complainants"),
         ("investigation_recorded", "investigation records"), ("decision_proposed", "decisions proposed"),
         ("decision_accepted", "decisions accepted"), ("decision_rejected", "decisions rejected"),
         ("escalated", "escalated by an agent"), ("timer_escalated", "escalated by the timers"), ("timer_overdue", "overdue alerts"),
         ("timer_auto_closed", "closed unanswered (decision)"), ("timer_closed_unanswered", "closed unanswered (question)"),
         ("referral_accepted", "external body offers taken up"), ("referral_declined", "external body offers declined"),
         ("timer_referral_lapsed", "external body offers lapsed"), ("referred_external", "referred by an agent"),
         ("referral_outcome", "external outcomes recorded"), ("withdrawn", "withdrawals"), ("reopened", "reopenings"),
         ("handling_complained", "complaints about the handling"),
         ("surveyed", "survey ratings"), ("survey_comment", "survey comments"), ("refused", "steps refused by the core"),
         ("misread", "answers the dialogue took otherwise"))


def _until(text: str | None) -> datetime:
    if not text:
        return datetime.now(timezone.utc).replace(microsecond=0)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        errors.print(literal(f"--until {text!r} is not an ISO 8601 time; write e.g. 2026-12-01T17:00:00+00:00", "red"))
        raise typer.Exit(2) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _sources(corpus: Path | None) -> tuple[list[Source], list[Source]]:
    from channels.cli.demo.corpus import CorpusMissing, default_corpus, english, russian

    try:
        return english(corpus or default_corpus()), russian()
    except CorpusMissing as error:
        errors.print(literal(str(error), "red"))
        raise typer.Exit(2) from None


@app.command("seed")
def demo_seed(
    cases: int = typer.Option(200, "--cases", min=1, max=100_000, help="How many complaints to make."),
    months: int = typer.Option(6, "--months", min=1, max=60, help="Spread them over the last N months."),
    seed_value: int = typer.Option(1, "--seed", help="The same seed makes the same history."),
    russian_share: float = typer.Option(0.1, "--russian", min=0.0, max=1.0,
                                        help="The share of complaints made in Russian (0 to 1)."),
    corpus: Path | None = typer.Option(None, "--corpus", help="The complaints-en corpus (its folder or cfpb.jsonl); "
                                       "default: $COMPLAINTDESK_TEST_CORPORA/complaints-en, else "
                                       "../shared/corpora/complaints-en beside the checkout."),
    until: str | None = typer.Option(None, "--until", help="When the history ends (ISO 8601; now by default)."),
    force: bool = typer.Option(False, "--force", help="Add the history to a database that already has cases (a demo "
                               "one: the seeding settles every notification waiting, as sent to the log)."),
) -> None:
    """Fill the database with a realistic history of complaints (for a demo, never for production data)."""
    from channels.cli.demo.clock import DemoClock  # the bot and its evaluation reader: only for this command
    from channels.cli.demo.seeder import SeedPlan, seed

    english_sources, russian_sources = _sources(corpus)
    end = _until(until)
    plan = SeedPlan(cases=cases, months=months, seed=seed_value, russian=russian_share, end=end)
    clock = DemoClock(plan.start)

    existing = run_with_core(lambda core: core.queries.count(CaseFilter()))  # before the NLU is loaded
    if existing and not force:
        errors.print(literal(f"refused: the database already has {existing} case(s); demo data goes into an empty one "
                             "(pass --force to add it anyway)", "red"))
        raise typer.Exit(1)

    async def work(product: Product) -> Seeded:
        return await seed(product.core, product.dialogue, clock, plan, english_sources, russian_sources)

    _print(run_with_product(work, dialogue=True, clock=clock))


def _print(done: Seeded) -> None:
    plan = done.plan
    console.print(literal(f"seeded {done.tally['filed']} complaint(s) received {when(plan.start)} to {when(plan.end)} UTC "
                          f"in {done.seconds:.1f} s (seed {plan.seed})", "green"))
    console.print(literal("cases by channel: " + ", ".join(f"{k} {v}" for k, v in sorted(done.channels.items()))))
    console.print(literal("complainants by language: " + ", ".join(f"{k} {v}" for k, v in sorted(done.languages.items()))))
    for key, label in STEPS:
        console.print(literal(f"  {label + ':':<44}{done.tally.get(key, 0):>7}"))
    for refusal in done.refusals[:10]:  # what went otherwise than planned, to look into
        console.print(literal(f"    {refusal}", "yellow"))
    console.print(literal("cases by status now: " + ", ".join(f"{k} {v}" for k, v in done.statuses.items())))
    last = plan.end.date()
    first = (plan.end - timedelta(days=round(plan.months * 30.44))).date()
    console.print(literal(f"now try: complaintdesk report --from {first} --to {last} --format html --output review.html"))
