"""Template filters and tags for diplo's pages."""
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


@register.inclusion_tag("meetings/_sort_header.html", takes_context=True)
def sort_header(context, name: str, label: str) -> dict:
    """A column heading that sorts the list by it, ascending first, reversed on the next click.

    ``current_sort`` (set by the list view) is the order in force, so that the heading of the
    default order shows its arrow too; aria-sort tells screen readers the same.
    """
    request, current = context["request"], context.get("current_sort", "")
    if current == name:
        direction, next_sort = "ascending", f"-{name}"
    elif current == f"-{name}":
        direction, next_sort = "descending", name
    else:
        direction, next_sort = "", name
    query = request.GET.copy()
    query["sort"] = next_sort
    query.pop("page", None)  # a new order starts on its first page
    return {"label": label, "direction": direction, "href": f"?{query.urlencode()}"}
