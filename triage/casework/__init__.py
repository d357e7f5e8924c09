"""Working a case: the operations a member performs (each written and audited together), the
misconduct vocabulary, IOPC referral decisions, the two deadline clocks, the queue's queries and
retention."""
