"""Resolution: the one place where plugins meet.

Claims win or lose whole. They are taken greedily in a fixed order (higher confidence,
then the plugin listed earlier in the config, then the earlier start, then the longer
span); a claim wins when none of its lines is owned yet, and otherwise loses to the claim
that owns its first contested line. The record of every decision is kept for review tools.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pagenorm.model import Claim, Decision


def _taken_in_order(claims: Sequence[Claim], priority: Mapping[str, int]) -> list[Claim]:
    """Higher confidence, then the plugin listed earlier, then the earlier start, then the
    longer span (then the kind, then the order given: the sort is stable)."""
    last = len(priority)
    keys = [(-c.confidence, priority.get(c.plugin, last), c.first, c.first - c.last, c.kind, n)
            for n, c in enumerate(claims)]
    keys.sort()
    return [claims[key[-1]] for key in keys]


def resolve(claims: Sequence[Claim], priority: Mapping[str, int]) -> list[Decision]:
    """Decide every claim; return decisions in the order they were taken."""
    owner: dict[int, Claim] = {}
    decisions: list[Decision] = []
    for claim in _taken_in_order(claims, priority):
        first, last = claim.first, claim.last
        if first == last:  # most claims are one line
            contested = first if first in owner else None
        else:
            contested = next((ln for ln in range(first, last + 1) if ln in owner), None)
        if contested is None:
            if first == last:
                owner[first] = claim
            else:
                owner.update(dict.fromkeys(range(first, last + 1), claim))
            decisions.append(Decision(claim, True))
            continue
        winner = owner[contested]
        decisions.append(Decision(claim, False, winner, _why(winner, claim, priority)))
    return decisions


def _why(winner: Claim, loser: Claim, priority: Mapping[str, int]) -> str:
    if winner.confidence != loser.confidence:
        return f"lower confidence ({loser.confidence:g} < {winner.confidence:g})"
    if winner.plugin != loser.plugin:
        return f"plugin {winner.plugin!r} comes first in the config"
    return "an earlier claim of the same plugin owns the line"
