"""Whitespace, end-of-file and large-file checks over the files git tracks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MAX_BYTES = 512 * 1024
BINARY_SUFFIXES = {".png", ".ico", ".woff2"}


def main() -> int:
    files = subprocess.run(
        ["git", "ls-files"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    problems = []
    for name in files:
        path = Path(name)
        if not path.is_file():
            continue
        size = path.stat().st_size
        if size > MAX_BYTES and not name.endswith("package-lock.json"):
            problems.append(f"{name}: {size} bytes is over {MAX_BYTES}")
        if path.suffix in BINARY_SUFFIXES or size == 0:
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        if not text.endswith("\n"):
            problems.append(f"{name}: no newline at end of file")
        for number, line in enumerate(text.splitlines(), 1):
            if line != line.rstrip():
                problems.append(f"{name}:{number}: trailing whitespace")
                break
    print("\n".join(problems) or "files ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
