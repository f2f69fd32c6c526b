"""Sign-in limits per account and per address, with growing lockouts and bounded memory."""

from __future__ import annotations

import pytest

from server.domain.rate_limits import SignInLimiter, address_key, retry_message

ACCOUNT = "amina@example.org"
ADDRESS = "203.0.113.7"


def _fail(
    limiter: SignInLimiter,
    times: int,
    now: float,
    account: str = ACCOUNT,
    address: str = ADDRESS,
) -> None:
    """``times`` attempts with a wrong password (an attempt counts as failed until a success)."""
    for _ in range(times):
        limiter.begin_attempt(account, address, now)


def test_a_fresh_account_may_try() -> None:
    assert SignInLimiter().retry_after(ACCOUNT, ADDRESS, 0.0) is None


def test_four_failures_do_not_lock_the_account() -> None:
    limiter = SignInLimiter()
    _fail(limiter, 4, 100.0)
    assert limiter.retry_after(ACCOUNT, ADDRESS, 100.0) is None


def test_the_fifth_failure_locks_the_account_for_the_lockout() -> None:
    limiter = SignInLimiter(lockout_seconds=60)
    _fail(limiter, 5, 100.0)
    assert limiter.retry_after(ACCOUNT, ADDRESS, 100.0) == 60
    assert limiter.retry_after(ACCOUNT, ADDRESS, 117.5) == 43  # rounded up
    assert limiter.retry_after(ACCOUNT, ADDRESS, 160.0) is None


def test_the_lock_applies_to_the_account_from_any_address() -> None:
    limiter = SignInLimiter()
    _fail(limiter, 5, 0.0)
    assert limiter.retry_after(ACCOUNT, "198.51.100.1", 1.0) == 59
    assert limiter.retry_after("li@example.org", ADDRESS, 1.0) is None


def test_failures_older_than_the_window_do_not_count() -> None:
    limiter = SignInLimiter(window_seconds=900)
    _fail(limiter, 4, 0.0)
    _fail(limiter, 1, 900.0)
    assert limiter.retry_after(ACCOUNT, ADDRESS, 900.0) is None
    _fail(limiter, 3, 901.0)
    assert limiter.retry_after(ACCOUNT, ADDRESS, 901.0) is None
    _fail(limiter, 1, 902.0)
    assert limiter.retry_after(ACCOUNT, ADDRESS, 902.0) == 60


def test_repeated_lockouts_double_up_to_the_cap() -> None:
    limiter = SignInLimiter(lockout_seconds=60, max_lockout_seconds=300)
    now = 0.0
    waits = []
    for round_ in range(5):
        # From a new address each round, so only the account's limit is measured.
        _fail(limiter, 5, now, address=f"198.51.100.{round_ + 10}")
        wait = limiter.retry_after(ACCOUNT, "198.51.100.1", now)
        assert wait is not None
        waits.append(wait)
        now += wait
    assert waits == [60, 120, 240, 300, 300]


def test_parallel_attempts_are_counted_before_any_password_is_checked() -> None:
    limiter = SignInLimiter(max_failures_per_account=5, lockout_seconds=60)
    # Forty requests arrive together: each is counted as it begins, none has finished.
    answers = [limiter.begin_attempt(ACCOUNT, ADDRESS, 100.0) for _ in range(40)]
    assert answers[:5] == [None] * 5
    assert answers[5:] == [60] * 35


def test_a_right_password_takes_its_attempt_back() -> None:
    limiter = SignInLimiter(max_failures_per_account=5, max_failures_per_address=3)
    for second in range(10):
        assert limiter.begin_attempt(ACCOUNT, ADDRESS, float(second)) is None
        limiter.record_success(ACCOUNT, ADDRESS, float(second))
    assert limiter.retry_after("li@example.org", ADDRESS, 10.0) is None


def test_attempts_refused_are_not_counted() -> None:
    limiter = SignInLimiter(max_failures_per_account=5, max_failures_per_address=20)
    _fail(limiter, 30, 0.0)
    # Only the five that were let through count against the address: 5 + 14 is below 20.
    for other in ("li", "ana", "tom"):
        _fail(limiter, 5 if other != "tom" else 4, 0.0, account=f"{other}@example.org")
    assert limiter.retry_after("new@example.org", ADDRESS, 0.0) is None
    _fail(limiter, 1, 0.0, account="new@example.org")
    assert limiter.retry_after("eve@example.org", ADDRESS, 0.0) == 900


def test_failures_during_a_lockout_do_not_count_against_the_account() -> None:
    limiter = SignInLimiter(lockout_seconds=60)
    _fail(limiter, 5, 0.0)
    _fail(limiter, 10, 30.0)
    assert limiter.retry_after(ACCOUNT, ADDRESS, 30.0) == 30
    assert limiter.retry_after(ACCOUNT, ADDRESS, 60.0) is None


def test_success_clears_the_accounts_failures_and_lockouts() -> None:
    limiter = SignInLimiter(lockout_seconds=60)
    _fail(limiter, 5, 0.0)
    _fail(limiter, 4, 60.0)
    limiter.record_success(ACCOUNT, ADDRESS, 61.0)
    _fail(limiter, 4, 62.0)
    assert limiter.retry_after(ACCOUNT, ADDRESS, 62.0) is None
    _fail(limiter, 1, 63.0)
    assert limiter.retry_after(ACCOUNT, ADDRESS, 63.0) == 60  # back to the first lockout


def test_lockout_history_is_forgotten_after_a_quiet_memory() -> None:
    limiter = SignInLimiter(lockout_seconds=60, memory_seconds=3600)
    _fail(limiter, 5, 0.0)
    _fail(limiter, 5, 60.0)
    assert limiter.retry_after(ACCOUNT, ADDRESS, 60.0) == 120
    _fail(limiter, 5, 60.0 + 3600.0, account=ACCOUNT)
    assert limiter.retry_after(ACCOUNT, "198.51.100.1", 3660.0) == 60


def test_an_address_is_limited_across_accounts() -> None:
    limiter = SignInLimiter(max_failures_per_address=20, window_seconds=900)
    for index in range(20):
        limiter.begin_attempt(f"person{index}@example.org", ADDRESS, 100.0 + index)
    assert limiter.retry_after("new@example.org", ADDRESS, 119.0) == 881
    assert limiter.retry_after("new@example.org", "198.51.100.1", 119.0) is None


def test_the_address_window_slides() -> None:
    limiter = SignInLimiter(max_failures_per_address=3, window_seconds=100)
    limiter.begin_attempt("a", ADDRESS, 0.0)
    limiter.begin_attempt("b", ADDRESS, 10.0)
    limiter.begin_attempt("c", ADDRESS, 20.0)
    assert limiter.retry_after("d", ADDRESS, 20.0) == 80
    assert limiter.retry_after("d", ADDRESS, 100.0) is None  # the first left the window
    limiter.begin_attempt("d", ADDRESS, 100.0)
    assert limiter.retry_after("e", ADDRESS, 100.0) == 10


def test_success_does_not_clear_the_address() -> None:
    limiter = SignInLimiter(max_failures_per_address=3)
    _fail(limiter, 3, 0.0, account="other@example.org")
    limiter.record_success(ACCOUNT, ADDRESS, 1.0)
    assert limiter.retry_after(ACCOUNT, ADDRESS, 1.0) == 899


def test_the_longer_wait_wins() -> None:
    limiter = SignInLimiter(max_failures_per_address=5, window_seconds=900, lockout_seconds=60)
    _fail(limiter, 5, 0.0)
    assert limiter.retry_after(ACCOUNT, ADDRESS, 0.0) == 900
    assert limiter.retry_after(ACCOUNT, "198.51.100.1", 0.0) == 60


def test_asking_changes_nothing() -> None:
    limiter = SignInLimiter()
    _fail(limiter, 4, 0.0)
    for _ in range(10):
        assert limiter.retry_after(ACCOUNT, ADDRESS, 1.0) is None
    assert limiter.tracked() == (1, 1)


def test_stale_records_are_forgotten() -> None:
    limiter = SignInLimiter(window_seconds=900, max_lockout_seconds=3600, memory_seconds=3600)
    _fail(limiter, 1, 0.0)
    assert limiter.tracked() == (1, 1)
    limiter.begin_attempt("li@example.org", "198.51.100.1", 901.0)
    assert limiter.tracked() == (2, 1)  # the first address left the window
    limiter.begin_attempt("li@example.org", "198.51.100.1", 3601.0)
    assert limiter.tracked() == (1, 1)  # the first account left the memory


def test_memory_is_capped_by_key_count() -> None:
    limiter = SignInLimiter(max_keys=100)
    for index in range(1000):
        limiter.begin_attempt(
            f"person{index}@example.org", f"10.0.{index // 256}.{index % 256}", 1.0
        )
    assert limiter.tracked() == (100, 100)
    # The most recent are the ones kept.
    _fail(limiter, 4, 2.0, account="person999@example.org")
    assert limiter.retry_after("person999@example.org", "192.0.2.1", 2.0) == 60


def test_limiter_refuses_nonsense_settings() -> None:
    with pytest.raises(ValueError):
        SignInLimiter(max_failures_per_account=0)
    with pytest.raises(ValueError):
        SignInLimiter(lockout_seconds=600, max_lockout_seconds=60)
    with pytest.raises(ValueError):
        SignInLimiter(window_seconds=900, memory_seconds=600)


def test_retry_message_in_seconds_then_minutes() -> None:
    assert retry_message(42) == "Too many attempts. Try again in 42 s."
    assert retry_message(1) == "Too many attempts. Try again in 1 s."
    assert retry_message(119) == "Too many attempts. Try again in 119 s."
    assert retry_message(120) == "Too many attempts. Try again in 2 min."
    assert retry_message(121) == "Too many attempts. Try again in 3 min."


def test_retry_message_refuses_no_wait() -> None:
    with pytest.raises(ValueError):
        retry_message(0)


def test_address_keys() -> None:
    assert address_key("203.0.113.7") == "203.0.113.7"
    assert address_key("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"
    assert address_key("::ffff:203.0.113.7") == "203.0.113.7"
    assert address_key("testclient") == "testclient"
