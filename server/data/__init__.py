"""Reference data shipped with Chorus (UN regional groups, global south classification)."""
