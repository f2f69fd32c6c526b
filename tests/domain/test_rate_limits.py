"""Sign-in limits per account and per address, with growing lockouts and bounded memory."""

from __future__ import annotations

import pytest

from server.domain.messages import Message
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


def test_a_sign_in_takes_back_only_its_own_accounts_failures_at_the_address() -> None:
    limiter = SignInLimiter(max_failures_per_address=3)
    _fail(limiter, 1, 0.0)  # her typo
    _fail(limiter, 2, 0.0, account="other@example.org")
    assert limiter.retry_after("li@example.org", ADDRESS, 1.0) == 899
    assert limiter.begin_attempt(ACCOUNT, "198.51.100.1", 1.0) is None
    limiter.record_success(ACCOUNT, "198.51.100.1", 1.0)
    # Signing in elsewhere takes nothing back here.
    assert limiter.retry_after("li@example.org", ADDRESS, 1.0) == 899
    limiter.record_success(ACCOUNT, ADDRESS, 1.0)
    assert limiter.retry_after("li@example.org", ADDRESS, 1.0) is None
    _fail(limiter, 1, 2.0, account="li@example.org")
    # The other account's two failures are still outstanding, and li's one.
    assert limiter.retry_after("new@example.org", ADDRESS, 2.0) == 898


def test_an_account_signed_in_from_an_address_is_not_held_by_its_limit() -> None:
    limiter = SignInLimiter(max_failures_per_address=3, trust_seconds=3600, lockout_seconds=60)
    assert limiter.begin_attempt(ACCOUNT, ADDRESS, 0.0) is None
    limiter.record_success(ACCOUNT, ADDRESS, 0.0)
    for n in range(3):
        _fail(limiter, 1, 10.0, account=f"guess{n}@example.org")
    assert limiter.retry_after("new@example.org", ADDRESS, 10.0) == 900
    assert limiter.retry_after(ACCOUNT, ADDRESS, 10.0) is None
    # Her own account limit still holds, and her typos do not count against the address.
    _fail(limiter, 5, 20.0)
    assert limiter.retry_after(ACCOUNT, ADDRESS, 20.0) == 60
    assert limiter.retry_after("new@example.org", "198.51.100.1", 20.0) is None
    # Trust lasts `trust_seconds` after the last sign-in.
    assert limiter.is_trusted(ACCOUNT, ADDRESS, 3599.0)
    assert not limiter.is_trusted(ACCOUNT, ADDRESS, 3600.0)
    assert not limiter.is_trusted(ACCOUNT, "198.51.100.1", 10.0)


def test_a_venue_of_300_who_each_mistype_once_all_get_in() -> None:
    limiter = SignInLimiter()  # the defaults the server runs with
    # One arrives every second, mistypes, and retypes a minute later: 60 typos outstanding.
    events = sorted([(float(n), 0, n) for n in range(300)] + [(n + 60.0, 1, n) for n in range(300)])
    refused = []
    for now, retyping, n in events:
        person = f"person{n}@example.org"
        if limiter.begin_attempt(person, ADDRESS, now) is not None:
            refused.append((now, person))
        elif retyping:
            limiter.record_success(person, ADDRESS, now)
    assert refused == []
    # A wave of 60 who all mistype at once, then all retype, gets in as well.
    wave = [f"late{n}@example.org" for n in range(60)]
    for person in wave:
        assert limiter.begin_attempt(person, ADDRESS, 400.0) is None
    for person in wave:
        assert limiter.begin_attempt(person, ADDRESS, 420.0) is None
        limiter.record_success(person, ADDRESS, 420.0)


def _guess_200_accounts_5_times(limiter: SignInLimiter, start: float) -> list[float]:
    """One address tries five passwords on each of 200 accounts, one try a second, waiting
    out every refusal; returns the time of each try let through."""
    now = start
    let_through = []
    for n in range(200):
        for _ in range(5):
            while (
                wait := limiter.begin_attempt(f"target{n}@example.org", ADDRESS, now)
            ) is not None:
                now += wait
            let_through.append(now)
            now += 1.0
    return let_through


def test_one_address_guessing_at_200_accounts_is_stopped_early() -> None:
    limiter = SignInLimiter()
    tries = _guess_200_accounts_5_times(limiter, 0.0)
    # Stopped within its first tenth: a try waits for the window...
    first_wait = next(n for n in range(1, len(tries)) if tries[n] - tries[n - 1] > 1.0)
    assert first_wait <= 100
    assert tries[first_wait] >= 900.0
    # ...and the 1000 tries take hours instead of 17 minutes.
    assert tries[-1] - tries[0] > 2.5 * 3600
    assert sum(1 for at in tries if at < 3600.0) <= 4 * 80


def test_people_already_in_keep_getting_in_while_their_venue_has_a_guesser() -> None:
    limiter = SignInLimiter()
    regulars = [f"person{n}@example.org" for n in range(300)]
    for n, person in enumerate(regulars):
        assert limiter.begin_attempt(person, ADDRESS, float(n)) is None
        limiter.record_success(person, ADDRESS, float(n))
    for n in range(100):
        limiter.begin_attempt(f"target{n // 5}@example.org", ADDRESS, 400.0 + n)
    assert limiter.retry_after("newcomer@example.org", ADDRESS, 500.0) is not None
    for person in regulars:
        assert limiter.begin_attempt(person, ADDRESS, 600.0) is None  # a typo
        assert limiter.begin_attempt(person, ADDRESS, 610.0) is None
        limiter.record_success(person, ADDRESS, 610.0)


def test_a_guesser_gets_nothing_back_by_signing_in_to_its_own_account() -> None:
    limiter = SignInLimiter(max_failures_per_address=10)
    for n in range(10):
        limiter.begin_attempt(f"target{n}@example.org", ADDRESS, 0.0)
    assert limiter.begin_attempt("guesser@example.org", ADDRESS, 1.0) is not None
    limiter.record_success("guesser@example.org", ADDRESS, 1.0)  # from another device
    assert limiter.retry_after("target10@example.org", ADDRESS, 2.0) == 898


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
    assert limiter.tracked() == (1, 1, 0)


def test_stale_records_are_forgotten() -> None:
    limiter = SignInLimiter(
        window_seconds=900, max_lockout_seconds=3600, memory_seconds=3600, trust_seconds=1800
    )
    _fail(limiter, 1, 0.0)
    limiter.record_success("mei@example.org", ADDRESS, 0.0)
    assert limiter.tracked() == (1, 1, 1)
    limiter.begin_attempt("li@example.org", "198.51.100.1", 901.0)
    assert limiter.tracked() == (2, 1, 1)  # the first address left the window
    limiter.begin_attempt("li@example.org", "198.51.100.1", 1801.0)
    assert limiter.tracked() == (2, 1, 0)  # the trust ran out
    limiter.begin_attempt("li@example.org", "198.51.100.1", 3601.0)
    assert limiter.tracked() == (1, 1, 0)  # the first account left the memory


def test_memory_is_capped_by_key_count() -> None:
    limiter = SignInLimiter(max_keys=100)
    for index in range(1000):
        address = f"10.0.{index // 256}.{index % 256}"
        limiter.begin_attempt(f"person{index}@example.org", address, 1.0)
        limiter.record_success(f"regular{index}@example.org", address, 1.0)
    assert limiter.tracked() == (100, 100, 100)
    # The most recent are the ones kept.
    _fail(limiter, 4, 2.0, account="person999@example.org")
    assert limiter.retry_after("person999@example.org", "192.0.2.1", 2.0) == 60
    assert limiter.is_trusted("regular999@example.org", "10.0.3.231", 2.0)
    assert not limiter.is_trusted("regular0@example.org", "10.0.0.0", 2.0)


def test_limiter_refuses_nonsense_settings() -> None:
    with pytest.raises(ValueError):
        SignInLimiter(max_failures_per_account=0)
    with pytest.raises(ValueError):
        SignInLimiter(lockout_seconds=600, max_lockout_seconds=60)
    with pytest.raises(ValueError):
        SignInLimiter(window_seconds=900, memory_seconds=600)


def test_retry_message_in_seconds_then_minutes() -> None:
    assert retry_message(42).text == "Too many attempts. Try again in 42 s."
    assert retry_message(1).text == "Too many attempts. Try again in 1 s."
    assert retry_message(119).text == "Too many attempts. Try again in 119 s."
    assert retry_message(120).text == "Too many attempts. Try again in 2 min."
    assert retry_message(121).text == "Too many attempts. Try again in 3 min."


def test_retry_message_carries_its_code_and_the_wait() -> None:
    assert retry_message(119) == Message(
        "retry_in_seconds", "Too many attempts. Try again in 119 s.", {"seconds": 119}
    )
    assert (retry_message(121).code, retry_message(121).params) == (
        "retry_in_minutes",
        {"minutes": 3},
    )


def test_retry_message_refuses_no_wait() -> None:
    with pytest.raises(ValueError):
        retry_message(0)


def test_address_keys() -> None:
    assert address_key("203.0.113.7") == "203.0.113.7"
    assert address_key("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"
    assert address_key("::ffff:203.0.113.7") == "203.0.113.7"
    assert address_key("testclient") == "testclient"
