from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/export.csv", views.export_view(views.MeetingListView), name="meeting_export"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/export.csv", views.export_view(views.PersonListView), name="person_export"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("organizations/export.csv", views.export_view(views.OrganizationListView), name="organization_export"),
    path("organizations/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("countries/<str:code>/", views.CountryView.as_view(), name="country_detail"),
    path("countries/<str:code>/<str:other>/", views.CountryPairView.as_view(), name="country_pair"),
    path("readouts/", views.ReadOutListView.as_view(), name="readout_list"),
    path("readouts/export.csv", views.export_view(views.ReadOutListView), name="readout_export"),
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("articles/export.csv", views.export_view(views.ArticleListView), name="article_export"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("suggest/<str:kind>.json", views.suggest, name="suggest"),
]
