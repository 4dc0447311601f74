"""The read-only JSON API under /api/: the lists of the pages, with their FilterSets, as JSON."""
