"""The extraction pipeline: article text + lexicon in, records out. Knows nothing of HTTP or the database."""
