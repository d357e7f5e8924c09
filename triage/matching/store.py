"""Where earlier subjects' tokens and clusters live: the ``SubjectStore`` protocol every store
answers with bounded lookups, and the in-memory store of the command line, tests and relink
(the live one is ``sql_store``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol

from triage.matching.tokens import LINKABLE_KINDS, Token
from triage.matching.weights import COMMON_TOKEN_LIMIT, NEVER_COMMON_KINDS

SubjectRef = tuple[str, int]
"""(report_id, subject_no): one person named in one report."""


def usable_holders(token: Token, holders: Sequence[SubjectRef]) -> Sequence[SubjectRef]:
    """The holders of one token that candidates are gathered from.

    ``holders`` is what a store read for the token: at most ``COMMON_TOKEN_LIMIT + 1``
    earlier subjects. More than ``COMMON_TOKEN_LIMIT`` means the token is common: a weak
    kind then gathers nobody, a number kind its first ``COMMON_TOKEN_LIMIT`` holders.
    Both stores apply this, so the command line decides exactly as the live service.
    """
    if len(holders) <= COMMON_TOKEN_LIMIT:
        return holders
    if token[0] in NEVER_COMMON_KINDS:
        return holders[:COMMON_TOKEN_LIMIT]
    return ()


class SubjectStore(Protocol):
    """Where earlier subjects' tokens and cluster membership live.

    Implementations must answer ``candidates`` with a fixed number of bounded equality
    lookups (one per token, each reading at most ``COMMON_TOKEN_LIMIT + 1`` index
    entries), never a scan, and ``count`` with one bounded indexed count; they must
    never hold plaintext keys.
    """

    def candidates(self, tokens: set[Token]) -> Iterable[SubjectRef]:
        """Earlier subjects sharing at least one of ``tokens`` (linkable kinds only),
        gathered through ``usable_holders``."""
        ...

    def count(self, token: Token, limit: int | None = None) -> int:
        """How many earlier subjects hold ``token`` (any kind), counting no further than
        ``limit`` when one is given."""
        ...

    def candidates_counting(
        self, tokens: set[Token], counted: Token | None, limit: int
    ) -> tuple[Iterable[SubjectRef], int]:
        """``candidates(tokens)`` and ``count(counted, limit)`` (0 when ``counted`` is None),
        which matching always asks for together: a SQL store answers both in one round trip."""
        ...

    def tokens_of(self, ref: SubjectRef) -> set[Token]:
        """Every token recorded for an earlier subject."""
        ...

    def cluster_of(self, ref: SubjectRef) -> str:
        """The subject's current cluster id (after any merges)."""
        ...

    def add(self, ref: SubjectRef, tokens: set[Token], cluster_id: str) -> None:
        """Record a subject, its tokens and its cluster."""
        ...

    def merge(self, cluster_ids: list[str]) -> str:
        """Merge clusters into one; return the surviving id. Members move to it."""
        ...

    def judged_apart(self, cluster_a: str, cluster_b: str) -> bool:
        """Whether a caseworker judged a person of one cluster different from a person of the
        other (a rejected possible match): the matcher must never join them."""
        ...

    def subject_apart(self, ref: SubjectRef, cluster_id: str) -> bool:
        """Whether a caseworker judged the subject being matched different from a member of
        the cluster (only ever true when re-matching a subject already judged)."""
        ...


class InMemorySubjectStore:
    """A dictionary-backed ``SubjectStore`` for the command line, tests and benchmarks."""

    def __init__(self) -> None:
        # A tuple, not a set: a fifth of the memory, and relink holds every subject there is.
        self._tokens: dict[SubjectRef, tuple[Token, ...]] = {}
        self._cluster: dict[SubjectRef, str] = {}
        self._members: dict[str, set[SubjectRef]] = defaultdict(set)
        # Holders of each token in the order they were added, as an index would return them.
        self._index: dict[Token, list[SubjectRef]] = defaultdict(list)
        self._apart: set[tuple[SubjectRef, SubjectRef]] = set()
        self._apart_of: dict[SubjectRef, set[SubjectRef]] = defaultdict(set)

    def candidates(self, tokens: set[Token]) -> Iterable[SubjectRef]:
        found: set[SubjectRef] = set()
        for token in tokens:
            if token[0] in LINKABLE_KINDS:
                holders = self._index.get(token, [])[: COMMON_TOKEN_LIMIT + 1]
                found.update(usable_holders(token, holders))
        return found

    def count(self, token: Token, limit: int | None = None) -> int:
        held = len(self._index.get(token, ()))
        return held if limit is None else min(held, limit)

    def candidates_counting(
        self, tokens: set[Token], counted: Token | None, limit: int
    ) -> tuple[Iterable[SubjectRef], int]:
        return self.candidates(tokens), self.count(counted, limit) if counted else 0

    def tokens_of(self, ref: SubjectRef) -> set[Token]:
        return set(self._tokens[ref])

    def cluster_of(self, ref: SubjectRef) -> str:
        return self._cluster[ref]

    def add(self, ref: SubjectRef, tokens: set[Token], cluster_id: str) -> None:
        self._tokens[ref] = tuple(tokens)
        self._cluster[ref] = cluster_id
        self._members[cluster_id].add(ref)
        for token in tokens:
            self._index[token].append(ref)

    def merge(self, cluster_ids: list[str]) -> str:
        if not cluster_ids:
            raise ValueError("nothing to merge")
        # The biggest cluster survives so the fewest members move.
        sizes = [len(self._members.get(c, ())) for c in cluster_ids]
        survivor = cluster_ids[sizes.index(max(sizes))]
        for cluster_id in cluster_ids:
            if cluster_id == survivor:
                continue
            for ref in self._members.pop(cluster_id, set()):
                self._cluster[ref] = survivor
                self._members[survivor].add(ref)
        return survivor

    def judged_apart(self, cluster_a: str, cluster_b: str) -> bool:
        wanted = {cluster_a, cluster_b}
        # ``get``: relink adds subjects in arrival order; a judged pair may name one not added yet.
        return any({self._cluster.get(x), self._cluster.get(y)} == wanted for x, y in self._apart)

    def subject_apart(self, ref: SubjectRef, cluster_id: str) -> bool:
        # ``get``: indexing the defaultdict would leave an empty set behind for every subject.
        judged = self._apart_of.get(ref, ())
        return any(self._cluster.get(other) == cluster_id for other in judged)

    def judge_apart(self, a: SubjectRef, b: SubjectRef) -> None:
        """Record that two subjects were judged different people (not part of the protocol)."""
        self._apart.add((a, b))
        self._apart_of[a].add(b)
        self._apart_of[b].add(a)

    def members(self, cluster_id: str) -> set[SubjectRef]:
        """Subjects currently in a cluster (not part of the protocol)."""
        return set(self._members.get(cluster_id, set()))

    def clusters(self) -> dict[str, set[SubjectRef]]:
        """Every non-empty cluster and its members (not part of the protocol)."""
        return {c: set(m) for c, m in self._members.items() if m}
