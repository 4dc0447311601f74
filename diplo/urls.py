from django.contrib import admin
from django.urls import include, path

from meetings.views import healthz

admin.site.site_header = "diplo editors"
admin.site.site_title = "diplo admin"
admin.site.index_title = "Meetings, people and read-outs"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("meetings.api.urls")),
    path("", include("meetings.urls")),
]
