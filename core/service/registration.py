"""Agents register complaints that came by phone, letter or in person (ISO 10002 7.2)."""

from __future__ import annotations

from core.actors import Actor, ActorKind
from core.commands import ComplaintSubmission, Identity
from core.errors import AccessDenied
from core.model import new_id
from core.registration import Registration, check_registration
from core.results import SubmittedCase
from core.service.intake import IntakeCommands


class RegistrationCommands(IntakeCommands):
    async def register_complaint(self, registration: Registration, actor: Actor) -> SubmittedCase:
        """Record the complaint as the complainant made it, acknowledged by e-mail when an address
        was given (then every update goes there too); without one, nothing is sent and the case
        keeps the way it came as its channel. The first event names the agent."""
        if actor.kind is not ActorKind.AGENT:
            raise AccessDenied("only an agent registers a complaint for someone")
        check_registration(registration, list(self.policy.languages.supported), list(self.policy.categories))
        email = registration.email.strip().lower() if registration.email else None
        phone = registration.phone.strip() if registration.phone else None
        if email:
            identity = Identity("email", email)
        else:  # the same phone number is the same complainant; else a new one
            identity = Identity(registration.received_via, phone or new_id())
        return await self.submit_complaint(ComplaintSubmission(
            identity=identity, description=registration.description.strip(), language=registration.language,
            name=registration.name, email=email, phone=phone, product=registration.product,
            order_number=registration.order_number, incident_date=registration.incident_date,
            desired_outcome=registration.desired_outcome, on_behalf_of=registration.on_behalf_of,
            category=registration.category, amount=registration.amount, currency=registration.currency,
            received_at=registration.received_at, acknowledge_via_outbox=email is not None,
            received_via=registration.received_via, registered_by=actor.id))
