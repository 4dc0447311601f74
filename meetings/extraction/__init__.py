"""The extraction pipeline: article text + lexicon in, records out. Knows nothing of HTTP or the database.

Stages, one module each: parsing (file format, sentences), lexicon (knowledge-base matching), dates, people
(who is named, discovered or referred back to), contacts (triggers and their modality), places (where a contact
happens: prepositions, trips, the story's cities), events (when two reports are one contact), accounts (official
read-outs credited to the contact they are of), readouts (finding those accounts); pipeline reads an article
sentence by sentence with them. Vocabulary lives as data in ``vocabulary/``.
"""

from meetings.extraction.pipeline import extract_article

__all__ = ["extract_article"]
