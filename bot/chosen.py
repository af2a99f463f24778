"""What a chosen choice does (a button, its number, or its label in words): decisions, survey
ratings, referral and reopening offers, consent, the summary's submit, edit and cancel, undo,
withdrawal, the greeting's menu, a status suggestion, a language, skip."""

from __future__ import annotations

from bot import answers, cancelling, commands, controls, intake, referral, reopening, withdrawal
from bot.commands import Command
from bot.context import Turn
from bot.session_state import Step
from bot.status import STATUS_CHOICE, answer_status
from config.catalog import LANGUAGES


async def on_choice(turn: Turn, value: str) -> None:
    session = turn.session
    if (await answers.on_choice(turn, value) or await referral.on_choice(turn, value)
            or await reopening.on_choice(turn, value)):
        return
    if value in (intake.CONSENT_YES, intake.CONSENT_NO):
        intake.on_consent(turn, value == intake.CONSENT_YES)
    elif value == intake.SUBMIT and session.step == Step.CONFIRM:
        await intake.submit(turn)
    elif value == intake.EDIT:
        intake.show_edit_menu(turn)
    elif value.startswith(intake.EDIT_SLOT):
        intake.on_edit(turn, value[len(intake.EDIT_SLOT):])
    elif value == intake.CANCEL:
        cancelling.cancel(turn)
    elif value == cancelling.UNDO and session.cancelled and session.step == Step.START:
        cancelling.undo(turn)
    elif value in (withdrawal.WITHDRAW_YES, withdrawal.WITHDRAW_NO):
        if not await withdrawal.on_answer(turn, value == withdrawal.WITHDRAW_YES):
            turn.say(turn.t("control.unsupported"))
    elif value == "new":
        await controls.on_command(turn, Command(commands.NEW))
    elif value == "status":
        turn.say(turn.t("status.ask", example=turn.services.example_reference()))
    elif value.startswith(STATUS_CHOICE):
        await answer_status(turn, value[len(STATUS_CHOICE):])
    elif value.startswith("lang:") and value[5:] in LANGUAGES:
        await controls.on_command(turn, Command("language", value[5:]))
    elif value == answers.SKIP_CHOICE and session.step in (Step.REASON, Step.COMMENT):
        await answers.skip(turn)
    else:
        intake.prompt(turn) if session.step != Step.START else turn.say(turn.t("control.unsupported"))
