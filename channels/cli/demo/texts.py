"""What the demo's people say beyond the complaint itself: the complainants' answers and survey
comments, the agents' messages, questions, decisions and investigation notes, in English and
Russian. Demo content, chosen at random per case; the product's own sentences stay in its catalogs."""

from __future__ import annotations

from random import Random

TEXTS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "outcome": ("I want a refund of the fees", "I want the error corrected and a written apology",
                    "I want my money back", "I want the account closed and the charges removed",
                    "I want compensation for the time I lost", "I want the wrong entry removed from my report"),
        "first_response": ("Thank you for your complaint. I am looking into it and will come back to you shortly.",
                           "I have your complaint in hand and I am checking our records now.",
                           "Sorry for the trouble. I am investigating what happened and will update you soon."),
        "question": ("Could you send us the date of the transaction and the last four digits of the card?",
                     "Which account number does this concern, please?",
                     "Could you tell us when you first contacted us about this?"),
        "information": ("It was on the 3rd of last month, card ending 4421.", "The account ends in 7730.",
                        "I first called you about three weeks ago and again last Friday."),
        "findings": ("The fee was applied twice because of a batch error.",
                     "Our records show the payment was posted late by our processor.",
                     "The agent did not follow the procedure for closing the account.",
                     "The letter was sent to an old address we should have updated.",
                     "We found no error in how the account was handled."),
        "corrective_action": ("The batch job now checks for duplicates before posting.",
                              "We briefed the team on the closing procedure.",
                              "Address changes are now confirmed in writing within two days.",
                              "We raised the processing delay with our payment provider."),
        "decision": ("We have refunded the fee and corrected your statement.",
                     "We apologise; the entry has been corrected and confirmed with the agencies.",
                     "We have credited your account with compensation for the inconvenience.",
                     "After review we found the charge was correct; here is how it was calculated.",
                     "We have closed the account as you asked and waived the remaining charges."),
        "review": ("Having reviewed the case again, we are increasing the redress offered.",
                   "The complaints manager has reviewed the case and upholds it in part.",
                   "On review we confirm our decision and explain the reasons in full."),
        "reassess_up": ("The amount involved is larger than the rules assumed.", "Repeat contact: raising the priority."),
        "reassess_down": ("Not as urgent as it first looked.", "Resolved in part already: lowering the urgency."),
        "reason": ("That does not solve my problem.", "The refund is not enough.", "You did not answer my question.",
                   "I still see the wrong entry."),
        "praise": ("Quick and polite, thank you.", "Problem solved, thanks.", "Clear explanation and a fair refund.",
                   "Good service in the end."),
        "neutral": ("It took longer than it should have.", "Solved, but I had to chase you.", "OK in the end."),
        "blame": ("Nobody really listened.", "Far too slow.", "I had to escalate twice to be heard.",
                  "Still not happy with the outcome."),
        "withdraw": ("I want to withdraw my complaint, it is sorted now.", "Please close my complaint, problem solved."),
        "reopen": ("Please reopen my complaint {reference}, the problem is back.",),
        "handling": ("I am unhappy with how my complaint {reference} was handled: nobody dealt with what I asked.",
                     "Complaint {reference} was handled badly, I want someone to look at how it went."),
        "unknown": ("no idea sorry",),
    },
    "ru": {
        "outcome": ("хочу вернуть деньги", "прошу исправить ошибку и извиниться", "верните комиссию",
                    "хочу компенсацию"),
        "first_response": ("Спасибо за обращение. Я разбираюсь и скоро вернусь с ответом.",
                           "Ваша жалоба у меня в работе, проверяю данные."),
        "question": ("Пришлите, пожалуйста, номер заказа и дату покупки.", "Уточните, пожалуйста, адрес доставки."),
        "information": ("Заказ был 12-го числа прошлого месяца.", "Адрес: Москва, улица Ленина, 5."),
        "findings": ("Курьерская служба нарушила сроки доставки.", "Ошибка при списании платежа.",
                     "Нарушений с нашей стороны не выявлено."),
        "corrective_action": ("Сменили курьерскую службу в этом районе.", "Добавили проверку двойных списаний."),
        "decision": ("Мы вернули деньги на вашу карту.", "Мы приносим извинения и начислили компенсацию.",
                     "Мы проверили заказ: списание было верным, объясняем расчёт."),
        "review": ("Руководитель пересмотрел жалобу и увеличил компенсацию.",
                   "После пересмотра мы подтверждаем решение и подробно объясняем причины."),
        "reason": ("Это не решает мою проблему.", "Компенсации недостаточно."),
        "praise": ("Быстро и вежливо, спасибо.", "Всё решили, спасибо."),
        "neutral": ("Долго, но решили.", "Пришлось напоминать."),
        "blame": ("Слишком долго.", "Меня никто не слушал."),
        "withdraw": ("Отзываю жалобу, вопрос решился.",),
        "reopen": ("Прошу открыть заново жалобу {reference}, проблема повторилась.",),
        "handling": ("Я недоволен тем, как рассматривали мою жалобу {reference}: меня никто не услышал.",),
        "unknown": ("не знаю",),
    },
}


def pick(rng: Random, lang: str, kind: str, **params: str) -> str:
    texts = TEXTS.get(lang, TEXTS["en"])
    return rng.choice(texts.get(kind) or TEXTS["en"][kind]).format(**params)
