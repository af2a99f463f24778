"""The public-domain CFPB complaint narratives and a fixed mapping of their labels to our categories."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

# CFPB "issue" (as the consumer picked it) -> our category key. Issues not listed have no clear
# counterpart and are not used for training.
ISSUE_CATEGORY: dict[str, str] = {
    "Fraud or scam": "fraud_security",
    "Unauthorized transactions or other transaction problem": "fraud_security",
    "Problem with fraud alerts or security freezes": "fraud_security",
    "Credit monitoring or identity theft protection services": "fraud_security",
    "Identity theft protection or other monitoring services": "fraud_security",
    "Improper use of your report": "privacy",
    "Threatened to contact someone or share information improperly": "privacy",
    "Improper contact or sharing of info": "privacy",
    "Communication tactics": "staff_conduct",
    "False statements or representation": "staff_conduct",
    "Took or threatened to take negative or legal action": "staff_conduct",
    "Taking/threatening an illegal action": "staff_conduct",
    "Fees or interest": "billing",
    "Unexpected or other fees": "billing",
    "Charged fees or interest you didn't expect": "billing",
    "Charged fees or interest I didn't expect": "billing",
    "Problem with a purchase shown on your statement": "billing",
    "Problem with a lender or other company charging your account": "billing",
    "Trouble during payment process": "billing",
    "Problem when making payments": "billing",
    "Closing an account": "account",
    "Closing your account": "account",
    "Opening an account": "account",
    "Managing an account": "account",
    "Account opening, closing, or management": "account",
    "Managing, opening, or closing your mobile wallet account": "account",
    "Problem with customer service": "service",
    "Dealing with your lender or servicer": "service",
    "Problem with a credit reporting company's investigation into an existing problem": "service",
    "Problem with a company's investigation into an existing issue": "service",
}


@dataclass(frozen=True, slots=True)
class Narrative:
    text: str
    product: str
    issue: str
    source_id: str

    @property
    def category(self) -> str | None:
        return ISSUE_CATEGORY.get(self.issue)


def read_narratives(path: Path) -> list[Narrative]:
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [Narrative(r["text"], r["product"], r["issue"], str(r["source_id"])) for r in rows]
