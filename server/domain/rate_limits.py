"""Sign-in attempts: how many wrong passwords before a person must wait, and for how long.

Every attempt is counted as a failure when it begins, before the password is checked, so
parallel guesses cannot all pass the check before any is counted; a right password takes
the count back. Two limits apply together:

* per account: after ``max_failures_per_account`` failures within ``window_seconds``, the
  account is locked for ``lockout_seconds``; each further lockout doubles, up to
  ``max_lockout_seconds``. A successful sign-in forgets the account's failures and lockouts,
  and so does ``memory_seconds`` without a failure.
* per address: at most ``max_failures_per_address`` *outstanding* failures within any
  ``window_seconds`` (a sliding window); the address waits until the oldest of them leaves
  the window.

Why "outstanding": hundreds of people sign in from one conference or hotel address on a
forum's first morning, and a plain count of failures per address lets a few dozen typos lock
them all out. A failure stays outstanding only until its account signs in from that address:
the right password proves the earlier failures on that account were typos, and nobody gets
that refund without already knowing the password. So honest typos cost the address budget
only for the seconds between the typo and the retry, while a guesser's failures stay until
they leave the window. And an account that signed in from an address within
``trust_seconds`` is not held back by that address's limit at all (its attempts there meet
only its own account limit and are not counted against the address), so a venue keeps
working for everyone already in while someone there is guessing.

With the defaults (80 outstanding failures per 15 minutes), 300 people who each mistype once
and retype within a minute, arriving one a second, never have more than 60 typos
outstanding, while a guesser trying five passwords on each of 200 accounts is stopped after
80 of its 1000 tries and then gets 80 per 15 minutes: more than two and a half hours for
the rest, on top of each account's own limit. Guessers would need a right password, or a
different address, to go faster; the price is that while a guesser has used up the budget,
people not yet signed in from that address wait too.

The limiter keeps its state in memory, takes the time as an argument (seconds on a
monotonic clock) and never reads a clock itself. Memory is bounded: each account keeps at
most its limit of timestamps and each address at most its budget of failures, records are
forgotten once stale, and each kind (accounts, addresses, trusted account-address pairs)
holds at most ``max_keys`` records, the least recently used going first.
"""

from __future__ import annotations

import ipaddress
import math
from collections import OrderedDict, deque
from dataclasses import dataclass

from server.domain.messages import Message

# Beyond this many doublings the lockout is at its cap anyway; stops the shift growing.
_MAX_DOUBLINGS = 32


@dataclass
class _Account:
    failures: deque[float]
    last_failure: float
    locked_until: float = 0.0
    lockouts: int = 0


@dataclass
class _Address:
    # Outstanding failures, (when, account key), oldest first.
    failures: deque[tuple[float, str]]


class SignInLimiter:
    """Counts sign-in attempts per account and per address and says how long to wait.

    Pass account keys already normalised (the email address, case folded) and addresses as
    ``address_key`` makes them.
    """

    def __init__(
        self,
        max_failures_per_account: int = 5,
        max_failures_per_address: int = 80,
        window_seconds: int = 900,
        lockout_seconds: int = 60,
        max_lockout_seconds: int = 3600,
        memory_seconds: int = 86_400,
        trust_seconds: int = 86_400,
        max_keys: int = 10_000,
    ) -> None:
        """A limiter with the given limits; refuses limits that are not positive, a cap below
        the first lockout, or a memory shorter than the window or the longest lockout."""
        for name, value in (
            ("max_failures_per_account", max_failures_per_account),
            ("max_failures_per_address", max_failures_per_address),
            ("window_seconds", window_seconds),
            ("lockout_seconds", lockout_seconds),
            ("max_lockout_seconds", max_lockout_seconds),
            ("memory_seconds", memory_seconds),
            ("trust_seconds", trust_seconds),
            ("max_keys", max_keys),
        ):
            if value <= 0:
                raise ValueError(f"{name} must be positive")
        if max_lockout_seconds < lockout_seconds:
            raise ValueError("max_lockout_seconds cannot be below lockout_seconds")
        if memory_seconds < max(window_seconds, max_lockout_seconds):
            raise ValueError("memory_seconds must cover the window and the longest lockout")
        self.max_failures_per_account = max_failures_per_account
        self.max_failures_per_address = max_failures_per_address
        self.window_seconds = window_seconds
        self.lockout_seconds = lockout_seconds
        self.max_lockout_seconds = max_lockout_seconds
        self.memory_seconds = memory_seconds
        self.trust_seconds = trust_seconds
        self.max_keys = max_keys
        # Each ordered from the least to the most recently used.
        self._accounts: OrderedDict[str, _Account] = OrderedDict()
        self._addresses: OrderedDict[str, _Address] = OrderedDict()
        # (account key, address) -> when that account last signed in from that address.
        self._trusted: OrderedDict[tuple[str, str], float] = OrderedDict()

    def retry_after(self, account_key: str, address: str, now: float) -> int | None:
        """Seconds to wait before ``account_key`` may try again from ``address``, or None.

        Whole seconds, rounded up; None when both the account and the address may try now.
        Changes nothing.
        """
        wait = 0.0
        account = self._accounts.get(account_key)
        if account is not None:
            wait = account.locked_until - now
        record = self._addresses.get(address)
        if record is not None and not self.is_trusted(account_key, address, now):
            recent = [at for at, _ in record.failures if at > now - self.window_seconds]
            if len(recent) >= self.max_failures_per_address:
                # Trying is allowed again once the oldest counted failure leaves the window.
                oldest = recent[-self.max_failures_per_address]
                wait = max(wait, oldest + self.window_seconds - now)
        return math.ceil(wait) if wait > 0 else None

    def is_trusted(self, account_key: str, address: str, now: float) -> bool:
        """Whether ``account_key`` signed in from ``address`` within ``trust_seconds``."""
        since = self._trusted.get((account_key, address))
        return since is not None and since + self.trust_seconds > now

    def begin_attempt(self, account_key: str, address: str, now: float) -> int | None:
        """Check and count one sign-in attempt of ``account_key`` from ``address`` at ``now``.

        Returns the seconds to wait (as ``retry_after``) and counts nothing when the attempt is
        refused; otherwise counts it as a failure and returns None. The count comes before the
        password is checked, with no await in between, so parallel attempts cannot all pass
        the check before any of them is counted; ``record_success`` takes it back.
        """
        wait = self.retry_after(account_key, address, now)
        if wait is not None:
            return wait
        self._forget_stale(now)
        self._count_for_account(account_key, now)
        if not self.is_trusted(account_key, address, now):
            self._count_for_address(account_key, address, now)
        return None

    def record_success(self, account_key: str, address: str, now: float) -> None:
        """Note that ``account_key`` signed in from ``address`` at ``now``.

        Forgets the account's failures and lockouts, takes back the address's outstanding
        failures on this account (they were typos), and trusts the account at this address
        for ``trust_seconds``. The address keeps its failures on other accounts.
        """
        self._forget_stale(now)
        self._accounts.pop(account_key, None)
        record = self._addresses.get(address)
        if record is not None:
            record.failures = deque(
                (at for at in record.failures if at[1] != account_key),
                maxlen=self.max_failures_per_address,
            )
            if not record.failures:
                del self._addresses[address]
        self._trusted[(account_key, address)] = now
        self._trusted.move_to_end((account_key, address))
        while len(self._trusted) > self.max_keys:
            self._trusted.popitem(last=False)

    def tracked(self) -> tuple[int, int, int]:
        """How many accounts, addresses and trusted account-address pairs the limiter
        remembers (for tests and metrics)."""
        return len(self._accounts), len(self._addresses), len(self._trusted)

    def _count_for_account(self, account_key: str, now: float) -> None:
        account = self._accounts.get(account_key)
        if account is None:
            account = _Account(
                failures=deque(maxlen=self.max_failures_per_account), last_failure=now
            )
            self._accounts[account_key] = account
        self._accounts.move_to_end(account_key)
        account.last_failure = now
        if account.locked_until > now:
            return
        while account.failures and account.failures[0] <= now - self.window_seconds:
            account.failures.popleft()
        account.failures.append(now)
        if len(account.failures) >= self.max_failures_per_account:
            doublings = min(account.lockouts, _MAX_DOUBLINGS)
            lockout = min(self.lockout_seconds << doublings, self.max_lockout_seconds)
            account.locked_until = now + lockout
            account.lockouts += 1
            account.failures.clear()
        while len(self._accounts) > self.max_keys:
            self._accounts.popitem(last=False)

    def _count_for_address(self, account_key: str, address: str, now: float) -> None:
        record = self._addresses.get(address)
        if record is None:
            # Never fuller than the budget: an attempt is refused once the budget is used.
            record = _Address(failures=deque(maxlen=self.max_failures_per_address))
            self._addresses[address] = record
        self._addresses.move_to_end(address)
        while record.failures and record.failures[0][0] <= now - self.window_seconds:
            record.failures.popleft()
        record.failures.append((now, account_key))
        while len(self._addresses) > self.max_keys:
            self._addresses.popitem(last=False)

    def _forget_stale(self, now: float) -> None:
        """Drop the records that no longer change any answer, oldest first."""
        while self._accounts:
            key, account = next(iter(self._accounts.items()))
            if account.last_failure + self.memory_seconds > now:
                break
            del self._accounts[key]
        while self._addresses:
            key, record = next(iter(self._addresses.items()))
            if record.failures and record.failures[-1][0] + self.window_seconds > now:
                break
            del self._addresses[key]
        while self._trusted:
            pair, since = next(iter(self._trusted.items()))
            if since + self.trust_seconds > now:
                break
            del self._trusted[pair]


def retry_message(seconds: int) -> Message:
    """What to tell a person who must wait ``seconds`` (from ``retry_after``) before trying.

    Seconds below two minutes (``retry_in_seconds``), whole minutes rounded up from there
    (``retry_in_minutes``); refuses less than 1.
    """
    if seconds < 1:
        raise ValueError("seconds must be at least 1")
    if seconds < 120:
        return Message(
            "retry_in_seconds",
            f"Too many attempts. Try again in {seconds} s.",
            {"seconds": seconds},
        )
    minutes = math.ceil(seconds / 60)
    return Message(
        "retry_in_minutes", f"Too many attempts. Try again in {minutes} min.", {"minutes": minutes}
    )


def address_key(address: str) -> str:
    """The key under which to count failures from ``address`` (an IP address as text).

    IPv6 addresses count per /64 network, since one device usually holds a whole /64; an
    IPv4 address mapped into IPv6 counts as the IPv4 address. Text that is not an IP address
    is returned unchanged.
    """
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


__all__ = ["SignInLimiter", "address_key", "retry_message"]
