"""The investigation record an agent keeps on a case (ISO 10002 7.7, 8.4): findings, root cause,
corrective action and redress; each recording is an audit event carrying the digests of its texts."""

from __future__ import annotations

from core import audit
from core.actors import Actor
from core.investigation import InvestigationInput, apply, check
from core.model import Investigation
from core.service.base import Loaded, ServiceBase


class InvestigationCommands(ServiceBase):
    async def record_investigation(self, ref: str, actor: Actor, given: InvestigationInput, *,
                                   expected_version: int | None = None) -> None:
        """Record (or complete) the case's investigation record; fields left None keep their value.
        Allowed on a finished case too: the record often follows the decision."""
        check(self.policy, given)

        async def change(loaded: Loaded) -> None:
            case = loaded.case
            self._require_agent(actor, case)
            record = await loaded.uow.investigation(case.id)
            if record is None:
                record = Investigation(case_id=case.id, recorded_by=actor.id, recorded_at=loaded.now)
                loaded.uow.add(record)
            apply(record, given)
            record.recorded_by, record.recorded_at = actor.id, loaded.now
            self._record(loaded, "investigation_recorded", actor, data={
                "root_cause": record.root_cause, "redress_kind": record.redress_kind,
                "redress_amount": str(record.redress_amount) if record.redress_amount is not None else None,
                "redress_currency": record.redress_currency,
                "findings_sha256": audit.digest(record.findings) if record.findings else None,
                "corrective_action_sha256": audit.digest(record.corrective_action) if record.corrective_action else None,
            })
            self._to_agents(loaded, "case_updated", event="investigation_recorded")

        await self._change(ref, expected_version, change)
