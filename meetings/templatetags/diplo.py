"""Template filters for diplo's pages."""
import datetime as dt

from django import template

register = template.Library()


@register.filter
def at_precision(value: dt.date | None, precision: str) -> str:
    """A date as precisely as it is known: "10 May 2019", "around 21 June 2019", "May 2019", "2018"."""
    if value is None:
        return "date unknown"
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return value.strftime("%B %Y")
    day = f"{value.day} {value.strftime('%B %Y')}"
    return f"around {day}" if precision == "week" else day

