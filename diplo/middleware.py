"""Request and response rules Django has no setting for."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.urls import reverse


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy: settings.PERMISSIONS_POLICY`` to every response that has none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RejectNulBytesMiddleware:
    """400 for a NUL byte in an admin page's path or query string.

    No stored value can contain one (PostgreSQL refuses NUL in text), so such a request can match
    nothing; passed on, the admin's list filters, autocomplete and ids sent it to the database and
    answered with a 500. (The public lists' forms already refuse it with a message, on a normal page.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(reverse("admin:index")) and (
            "\x00" in request.path
            or any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())
        ):
            raise BadRequest("A NUL byte in the address")
        return self.get_response(request)
