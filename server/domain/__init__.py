"""Pure domain rules of Chorus (no I/O, no framework imports)."""
