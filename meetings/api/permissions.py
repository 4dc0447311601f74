"""The API is public and read-only: editors change records in admin, never through the API."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadOnly(BasePermission):
    """GET, HEAD and OPTIONS for everyone; any other method is refused with 403."""

    message = "The API is read-only: editors change records in admin."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS
