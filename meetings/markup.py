"""HTML built as strings on the pages' hot paths (the meetings table's rows, a timeline's bars, the country select).

``escape`` gives exactly what ``django.utils.html.escape`` gives (both are the standard library's ``html.escape``
of ``str(text)``) without Django's lazy-string wrapper around it, which costs more than the escaping: a country
page escapes about 5,000 values. Its result is a plain ``str``: mark what is built from it safe once, whole.
"""

import html


def escape(text: object) -> str:
    return html.escape(str(text))
