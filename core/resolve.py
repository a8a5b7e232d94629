"""Resolution: the one place where plugins meet.

Claims win or lose whole. They are taken greedily in a fixed order (higher confidence,
then the plugin listed earlier in the config, then the earlier start, then the longer
span); a claim wins when none of its lines is owned yet, and otherwise loses to the claim
that owns its first contested line. The record of every decision is kept for review tools.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pagenorm.model import Claim, Decision


def _order(priority: Mapping[str, int]):
    def key(claim: Claim) -> tuple[float, int, int, int, str]:
        return (
            -claim.confidence,
            priority.get(claim.plugin, len(priority)),
            claim.first,
            claim.first - claim.last,
            claim.kind,
        )

    return key


def resolve(claims: Sequence[Claim], priority: Mapping[str, int]) -> list[Decision]:
    """Decide every claim; return decisions in the order they were taken."""
    owner: dict[int, Claim] = {}
    decisions: list[Decision] = []
    for claim in sorted(claims, key=_order(priority)):
        contested = next((ln for ln in range(claim.first, claim.last + 1) if ln in owner), None)
        if contested is None:
            for line in range(claim.first, claim.last + 1):
                owner[line] = claim
            decisions.append(Decision(claim, won=True))
            continue
        winner = owner[contested]
        decisions.append(Decision(claim, won=False, beaten_by=winner, reason=_why(winner, claim,
                                                                                 priority)))
    return decisions


def _why(winner: Claim, loser: Claim, priority: Mapping[str, int]) -> str:
    if winner.confidence != loser.confidence:
        return f"lower confidence ({loser.confidence:g} < {winner.confidence:g})"
    if winner.plugin != loser.plugin:
        return f"plugin {winner.plugin!r} comes first in the config"
    return "an earlier claim of the same plugin owns the line"
