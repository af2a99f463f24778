"""``complaintdesk nlu``: train the NLU pipelines and check them against the quality bar."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from channels.cli.common import exit_2_on_config_error, settings_or_exit
from config.policy import Policy, load_policy
from nlu.reports import CATEGORY_MACRO_F1_BAR, ENTITY_F1_BAR, INTENT_ACCURACY_BAR, EvaluationReport
from nlu.train_and_evaluate import evaluate as evaluate_nlu
from nlu.train_and_evaluate import train as train_nlu

app = typer.Typer(help="Train and evaluate the NLU pipelines (intent, category, entities).", no_args_is_help=True)
console = Console()


def _model_dir_and_policy() -> tuple[Path, Policy]:
    settings = settings_or_exit()
    with exit_2_on_config_error():
        return settings.data_dir / "nlu", load_policy(settings.policy_file)


@app.command()
def train(seed: int = typer.Option(0, help="Random seed; the same seed gives the same model.")) -> None:
    """Train every supported language and store the pipelines in the data directory."""
    model_dir, policy = _model_dir_and_policy()
    report = train_nlu(policy, model_dir, seed=seed)
    table = Table(title=f"NLU trained into {model_dir}")
    for column in ("language", "intent examples", "category examples", "seconds"):
        table.add_column(column)
    for lang in report.languages:
        table.add_row(lang.lang, str(lang.intent_examples), str(lang.category_examples), f"{lang.seconds:.1f}")
    console.print(table)


def _summary(report: EvaluationReport) -> Table:
    table = Table(title="NLU quality on held-out examples")
    for column in ("language", f"intent accuracy (>= {INTENT_ACCURACY_BAR})", f"category macro-F1 (>= {CATEGORY_MACRO_F1_BAR})",
                   f"entity F1 (>= {ENTITY_F1_BAR})", "entity sentences"):
        table.add_column(column)
    for lang in report.languages:
        table.add_row(lang.lang, f"{lang.intent.accuracy:.3f}", f"{lang.category.macro_f1:.3f}", f"{lang.entities['all'].f1:.3f}",
                      str(lang.entity_sentences))
    return table


def _per_label(report: EvaluationReport) -> list[Table]:
    tables = []
    for lang in report.languages:
        for name, scores in (("intent", lang.intent), ("category", lang.category)):
            table = Table(title=f"{lang.lang} {name} per label")
            for column in ("label", "precision", "recall", "F1", "support"):
                table.add_column(column)
            for label, score in scores.per_label.items():
                table.add_row(label, f"{score.precision:.2f}", f"{score.recall:.2f}", f"{score.f1:.2f}", str(score.support))
            tables.append(table)
        table = Table(title=f"{lang.lang} entities")
        for column in ("kind", "precision", "recall", "F1", "support"):
            table.add_column(column)
        for kind, score in lang.entities.items():
            table.add_row(kind, f"{score.precision:.2f}", f"{score.recall:.2f}", f"{score.f1:.2f}", str(score.support))
        tables.append(table)
    return tables


@app.command()
def evaluate(details: bool = typer.Option(False, "--details", help="Also show per-label scores."),
             conversations: bool = typer.Option(True, "--conversations/--no-conversations",
                                                help="Also run the hand-written conversations through the bot.")) -> None:
    """Score the pipelines on held-out examples, and the whole dialogue on the hand-written
    conversations of bot/evaluation (re-asks, turns to a reference, slots, status, handoff,
    consent); exit with status 1 when a quality bar of the pipelines is missed."""
    model_dir, policy = _model_dir_and_policy()
    report = evaluate_nlu(policy, model_dir)
    if details:
        for table in _per_label(report):
            console.print(table)
    console.print(_summary(report))
    for problem in report.failures:
        console.print(f"[red]quality bar missed:[/red] {problem}")
    if conversations:
        for line in asyncio.run(_conversations(model_dir)):
            console.print(line, markup=False, highlight=False)
    if not report.passed:
        raise typer.Exit(code=1)


async def _conversations(model_dir: Path) -> list[str]:
    """The conversation set run on a scratch database (the product's own is not touched), with
    the trained pipelines of ``model_dir``."""
    from bot.evaluation import evaluate_settings

    settings = settings_or_exit()
    with tempfile.TemporaryDirectory(prefix="complaintdesk-eval-") as scratch:
        data_dir = Path(scratch)
        (data_dir / "nlu").symlink_to(model_dir.resolve(), target_is_directory=True)
        scratch_settings = settings.model_copy(update={"data_dir": data_dir, "database_url": None, "redis_url": None})
        report = await evaluate_settings(scratch_settings)
    return report.lines()
