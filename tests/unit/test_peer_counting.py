"""The side by side charges Neo4j's CPU to a server's requests only once Neo4j has gone
idle after what came before (bench/peer/compare.py `wait_until_idle`)."""

from __future__ import annotations

from bench.peer.compare import IDLE_MAX_WAIT, IDLE_POLL_SECONDS, wait_until_idle


class FakeProcess:
    """A process whose CPU use per poll is scripted, on a clock that sleeps advance."""

    def __init__(self, busy_share_per_poll: list[float]):
        self.shares = busy_share_per_poll
        self.now = 0.0
        self.cpu = 0.0
        self.polls = 0

    def sleep(self, seconds: float) -> None:
        share = self.shares[self.polls] if self.polls < len(self.shares) else 1.0
        self.polls += 1
        self.now += seconds
        self.cpu += share * seconds

    def read_cpu(self) -> float:
        return self.cpu

    def clock(self) -> float:
        return self.now


def test_it_waits_for_two_quiet_polls_in_a_row() -> None:
    # busy, busy, one quiet poll, busy again, then quiet twice: six polls.
    process = FakeProcess([0.9, 0.5, 0.01, 0.3, 0.02, 0.0])
    waited = wait_until_idle(process.read_cpu, process.sleep, process.clock)
    assert process.polls == 6
    assert abs(waited - 6 * IDLE_POLL_SECONDS) < 1e-9


def test_an_idle_process_costs_two_polls() -> None:
    process = FakeProcess([0.0, 0.0, 0.0])
    wait_until_idle(process.read_cpu, process.sleep, process.clock)
    assert process.polls == 2


def test_a_process_that_never_goes_idle_is_waited_for_at_most_the_bound() -> None:
    process = FakeProcess([])  # a whole core, always
    waited = wait_until_idle(process.read_cpu, process.sleep, process.clock)
    assert IDLE_MAX_WAIT <= waited < IDLE_MAX_WAIT + IDLE_POLL_SECONDS + 1e-9
