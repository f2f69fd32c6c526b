"""Sign-in attempts: how many wrong passwords before a person must wait, and for how long.

Two limits apply together:

* per account: after ``max_failures_per_account`` failures within ``window_seconds``, the
  account is locked for ``lockout_seconds``; each further lockout doubles, up to
  ``max_lockout_seconds``. A successful sign-in forgets the account's failures and lockouts,
  and so does ``memory_seconds`` without a failure.
* per address: at most ``max_failures_per_address`` failures within any ``window_seconds``
  (a sliding window); the address waits until the oldest of them leaves the window.

The limiter keeps its state in memory, takes the time as an argument (seconds on a
monotonic clock) and never reads a clock itself. Memory is bounded: each account and address
keeps at most its limit of timestamps, records are forgotten once stale, and each kind holds
at most ``max_keys`` records (the least recently failing go first).
"""

from __future__ import annotations

import ipaddress
import math
from collections import OrderedDict, deque
from dataclasses import dataclass

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
    # (when, account key), oldest first.
    failures: deque[tuple[float, str]]


class SignInLimiter:
    """Counts failed sign-ins per account and per address and says how long to wait.

    Pass account keys already normalised (the email address, case folded) and addresses as
    ``address_key`` makes them.
    """

    def __init__(
        self,
        max_failures_per_account: int = 5,
        max_failures_per_address: int = 20,
        window_seconds: int = 900,
        lockout_seconds: int = 60,
        max_lockout_seconds: int = 3600,
        memory_seconds: int = 86_400,
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
        self.max_keys = max_keys
        # Ordered from the least to the most recent failure.
        self._accounts: OrderedDict[str, _Account] = OrderedDict()
        self._addresses: OrderedDict[str, _Address] = OrderedDict()

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
        if record is not None:
            recent = [at for at, _ in record.failures if at > now - self.window_seconds]
            if len(recent) >= self.max_failures_per_address:
                # Trying is allowed again once the oldest counted failure leaves the window.
                oldest = recent[-self.max_failures_per_address]
                wait = max(wait, oldest + self.window_seconds - now)
        return math.ceil(wait) if wait > 0 else None

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
        self._count_for_address(account_key, address, now)
        return None

    def record_success(self, account_key: str, address: str, now: float) -> None:
        """Forget the failures and lockouts of ``account_key`` after a successful sign-in, and
        take back the address's count of this attempt.

        The address keeps its other failures: one right password does not clear the others
        tried from there.
        """
        self._forget_stale(now)
        self._accounts.pop(account_key, None)
        record = self._addresses.get(address)
        if record is not None:
            for index in range(len(record.failures) - 1, -1, -1):
                if record.failures[index][1] == account_key:
                    del record.failures[index]
                    break

    def tracked(self) -> tuple[int, int]:
        """How many accounts and addresses the limiter remembers (for tests and metrics)."""
        return len(self._accounts), len(self._addresses)

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
            record = _Address(failures=deque(maxlen=self.max_failures_per_address))
            self._addresses[address] = record
        self._addresses.move_to_end(address)
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


def retry_message(seconds: int) -> str:
    """What to tell a person who must wait ``seconds`` (from ``retry_after``) before trying.

    Seconds below two minutes, whole minutes (rounded up) from there; refuses less than 1.
    """
    if seconds < 1:
        raise ValueError("seconds must be at least 1")
    if seconds < 120:
        return f"Too many attempts. Try again in {seconds} s."
    return f"Too many attempts. Try again in {math.ceil(seconds / 60)} min."


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
