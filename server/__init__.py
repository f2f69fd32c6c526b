"""Chorus: co-writing civil society statements for UN sessions, live."""
