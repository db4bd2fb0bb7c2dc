"""Building blocks of the generated test corpus (see ../README.md)."""
