"""The 300-report demo: a team, background reports and stories worked through the live code
(``flask seed demo``, in ``command``)."""
