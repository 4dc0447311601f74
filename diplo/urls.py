from django.contrib import admin
from django.urls import include, path

from meetings.admin import AutocompleteView
from meetings.views import healthz

admin.site.site_header = "diplo editors"
admin.site.site_title = "diplo admin"
admin.site.index_title = "Meetings, people and read-outs"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Before the admin's own: its autocomplete, with people's country and office beside their names.
    path("admin/autocomplete/", admin.site.admin_view(AutocompleteView.as_view(admin_site=admin.site))),
    path("admin/", admin.site.urls),
    path("api/", include("meetings.api.urls")),
    path("", include("meetings.urls")),
]
