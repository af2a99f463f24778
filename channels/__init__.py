"""Everything outside the core, the dialogue and NLU, laid out by job: ``app`` (composition root,
runner, web app), ``cli``, ``console``, ``inbound`` (the journal) and one adapter per channel
(telegram, slack, email)."""
