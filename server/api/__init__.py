"""Starlette routes, thin: validate with `schemas`, ask `domain` and `db`, answer."""
