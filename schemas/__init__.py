"""The wire contract: pydantic models of every REST payload and event, one source."""
