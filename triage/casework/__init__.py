"""Working a case: the operations a member performs (each written and audited together), the
misconduct vocabulary, IOPC referral decisions, the two deadline clocks, the queue's queries and
retention.

The operations, one module per job: ``stages`` (acknowledge, move a stage), ``assignment`` (who
holds the case, conflicts of interest), ``assessment``, ``outcome``, ``closing`` (close, reopen),
``writing`` (notes, messages to the reporter), ``protection`` (retaliation risk and protective
measures) and ``iopc``, all standing on ``checks`` (what is refused, and why) and ``timeline`` (the
timeline line and audit entry each writes, and sealed notes). Every operation changes the case,
adds a timeline line in fixed wording (never anything a person typed) and appends to the audit
log in the same transaction; the caller commits. Whatever a member writes is sealed to the team
key before it reaches the database. Opening a case to read it is in ``reading``. The operations
do not check roles or recusal — the views do that before calling — and none may log or return
plaintext except to the member who asked for it.
"""
