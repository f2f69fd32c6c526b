"""Rooms: one pycrdt document per open statement, its connections, awareness and update log."""
