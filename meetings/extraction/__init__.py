"""The extraction pipeline: article text + lexicon in, records out. Knows nothing of HTTP or the database.

Stages, one module each: parsing (file format, sentences), lexicon (knowledge-base matching),
dates, people, contacts, readouts; pipeline runs them over an article.
"""

from meetings.extraction.pipeline import extract_article

__all__ = ["extract_article"]
