"""Finding the same person named again and again, from keyed tokens only.

The pipeline, in the order a report meets it: ``names`` (normalise what reporters write),
``tokens`` (plaintext keys to keyed-hash tokens), ``linking`` (decide a link from which tokens
agree and conflict), ``sql_store`` (the live token and cluster tables), ``on_arrival`` (runs
inside the submission), ``narrative`` (behaviour flags read from a narrative), ``patterns`` (risk
of a cluster), ``iopc_grounds`` (IOPC referral grounds to suggest), ``possible`` (near misses for a
caseworker) and ``related`` (other reports naming the same people, for the case page)."""
