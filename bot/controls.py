"""What a command does at each step (:mod:`bot.commands` recognises them): the language, help,
cancel, start again, a person, a new complaint, the status, yes or no, skip, a greeting; and,
with nothing being drafted, accept, reject or a rating."""

from __future__ import annotations

from bot import answers, cancelling, commands, courtesy, edits, handoff, intake, status
from bot.commands import Command
from bot.context import Turn
from bot.messages import Choice
from bot.session_state import Step


async def on_command(turn: Turn, command: Command) -> bool:
    """Handle a command; False when it means nothing at this step (the text is then an answer)."""
    session = turn.session
    name = command.name
    if name == "language":
        session.lang, session.lang_fixed = command.argument, True
        turn.say(turn.t("control.language"))
        intake.prompt(turn)
    elif name == commands.HELP:
        turn.say(turn.t("control.help"))
        if session.step in (Step.START, Step.DECLINED):  # "hi, I need help": nothing under way, so what happened?
            turn.say(turn.t("ask.description"), choices=(Choice(turn.t("control.new_complaint"), "new"),
                                                          Choice(turn.t("control.check_status"), "status")))
        else:
            intake.prompt(turn)
    elif name == commands.CANCEL:
        cancelling.cancel(turn)
    elif name == commands.RESTART:
        session.reset_draft()
        turn.say(turn.t("control.restarted"))
        intake.begin(turn, "")
    elif name == commands.HUMAN:
        await handoff.hand_over(turn)
    elif name == commands.NEW:
        session.reset_draft()
        session.case = None
        intake.begin(turn, "")
    elif name == commands.STATUS and not status.references_in(turn):
        await status.of_own_case(turn)
    elif session.step in (Step.CONSENT, Step.CONFIRM) and commands.is_yes(turn.text) is not None:
        await _yes_no(turn, bool(commands.is_yes(turn.text)))
    elif session.step in (Step.REASON, Step.COMMENT) and name in (commands.SKIP, commands.NO):
        await answers.skip(turn)
    elif name == commands.GREETING and session.step in edits.DRAFTING and turn.reads(courtesy.is_greeting):
        turn.say(turn.t("courtesy.hello_again"))
        intake.prompt(turn)  # a greeting is no answer: the question is asked again
    elif name == commands.GREETING:
        courtesy.greet(turn)
    elif session.step in edits.DRAFTING or session.step in (Step.REASON, Step.COMMENT):
        return False
    elif name == commands.ACCEPT:
        await answers.accept(turn, None)
    elif name == commands.REJECT:
        await answers.reject(turn, None, command.argument or None)
    elif name == "rating":
        await answers.rate(turn, None, int(command.argument))
    else:
        return False
    return True


async def _yes_no(turn: Turn, yes: bool) -> None:
    if turn.session.step == Step.CONSENT:
        intake.on_consent(turn, yes)
    elif yes:
        await intake.submit(turn)
    else:
        intake.show_edit_menu(turn)
