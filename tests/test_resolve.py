"""Resolution of overlapping claims: confidence, then config priority, then earlier start,
then the longer span; a claim wins or loses whole and every decision is recorded."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pagenorm.model import Claim
from pagenorm.resolve import resolve

PRIORITY = {"a": 0, "b": 1, "c": 2}


def winners(claims: list[Claim]) -> list[tuple[str, int, int]]:
    return sorted((d.claim.plugin, d.claim.first, d.claim.last)
                  for d in resolve(claims, PRIORITY) if d.won)


def test_higher_confidence_wins() -> None:
    claims = [Claim("x", 0, 5, 0.5, "a"), Claim("y", 3, 8, 0.9, "b")]
    assert winners(claims) == [("b", 3, 8)]


def test_equal_confidence_goes_to_the_earlier_plugin_in_the_config() -> None:
    claims = [Claim("x", 2, 4, 0.7, "c"), Claim("y", 0, 2, 0.7, "a")]
    assert winners(claims) == [("a", 0, 2)]


def test_same_plugin_same_confidence_earlier_start_wins() -> None:
    claims = [Claim("x", 4, 6, 0.7, "a"), Claim("y", 2, 4, 0.7, "a")]
    assert winners(claims) == [("a", 2, 4)]


def test_disjoint_claims_all_win() -> None:
    claims = [Claim("x", 0, 1, 0.1, "c"), Claim("y", 2, 3, 0.2, "b"), Claim("z", 5, 5, 1, "a")]
    assert len(winners(claims)) == 3


def test_losers_record_who_beat_them_and_why() -> None:
    strong, weak = Claim("t", 0, 3, 0.95, "b"), Claim("h", 2, 2, 0.3, "a")
    decisions = {d.claim: d for d in resolve([weak, strong], PRIORITY)}
    assert decisions[strong].won
    assert decisions[weak].beaten_by == strong
    assert "lower confidence" in decisions[weak].reason
    tie = resolve([Claim("h", 2, 2, 0.95, "c"), strong], PRIORITY)
    assert "comes first in the config" in tie[1].reason


def test_unknown_plugins_rank_after_configured_ones() -> None:
    claims = [Claim("x", 0, 0, 0.5, "zzz"), Claim("y", 0, 0, 0.5, "c")]
    assert winners(claims) == [("c", 0, 0)]


claim_strategy = st.builds(
    lambda first, length, confidence, plugin: Claim("k", first, first + length, confidence,
                                                    plugin),
    st.integers(0, 30), st.integers(0, 6), st.sampled_from([0.1, 0.3, 0.5, 0.9]),
    st.sampled_from(["a", "b", "c"]),
)


@given(st.lists(claim_strategy, max_size=25))
def test_winners_never_overlap_and_every_claim_is_decided(claims: list[Claim]) -> None:
    decisions = resolve(claims, PRIORITY)
    assert len(decisions) == len(claims)
    owned: set[int] = set()
    for decision in decisions:
        lines = set(range(decision.claim.first, decision.claim.last + 1))
        if decision.won:
            assert not lines & owned
            owned |= lines
        else:
            assert decision.beaten_by is not None
            assert lines & set(range(decision.beaten_by.first, decision.beaten_by.last + 1))


@given(st.lists(claim_strategy, max_size=25), st.randoms())
def test_resolution_does_not_depend_on_claim_order(claims: list[Claim], rnd) -> None:
    shuffled = list(claims)
    rnd.shuffle(shuffled)
    assert winners(claims) == winners(shuffled)
