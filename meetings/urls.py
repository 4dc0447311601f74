from django.urls import path

from meetings import feeds, views
from meetings.page_cache import public_page

app_name = "meetings"

urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("meetings/", public_page(views.MeetingListView.as_view()), name="meeting_list"),
    path("meetings/feed/", public_page(feeds.MeetingListFeed()), name="meeting_feed"),
    path("meetings/export.csv", views.export_view(views.MeetingListView), name="meeting_export"),
    path(
        "meetings/participants.csv",
        views.export_view(views.MeetingListView, participants=True),
        name="meeting_participants_export",
    ),
    path("meetings/<int:pk>/", public_page(views.MeetingDetailView.as_view()), name="meeting_detail"),
    path("network/", public_page(views.NetworkView.as_view()), name="network"),
    path("people/", public_page(views.PersonListView.as_view()), name="person_list"),
    path("people/export.csv", views.export_view(views.PersonListView), name="person_export"),
    path("people/<slug:slug>/", public_page(views.PersonDetailView.as_view()), name="person_detail"),
    path("people/<slug:slug>/feed/", public_page(feeds.PersonFeed()), name="person_feed"),
    path("organizations/", public_page(views.OrganizationListView.as_view()), name="organization_list"),
    path("organizations/export.csv", views.export_view(views.OrganizationListView), name="organization_export"),
    path("organizations/<slug:slug>/", public_page(views.OrganizationDetailView.as_view()), name="organization_detail"),
    path("organizations/<slug:slug>/feed/", public_page(feeds.OrganizationFeed()), name="organization_feed"),
    path("countries/", public_page(views.CountryListView.as_view()), name="country_list"),
    path("countries/<str:code>/", public_page(views.CountryView.as_view()), name="country_detail"),
    # Before the pair's pattern, which would take "feed" for a second country.
    path("countries/<str:code>/feed/", public_page(feeds.CountryFeed()), name="country_feed"),
    path("countries/<str:code>/<str:other>/", public_page(views.CountryPairView.as_view()), name="country_pair"),
    path("countries/<str:code>/<str:other>/feed/", public_page(feeds.CountryPairFeed()), name="country_pair_feed"),
    path("readouts/", public_page(views.ReadOutListView.as_view()), name="readout_list"),
    path("readouts/export.csv", views.export_view(views.ReadOutListView), name="readout_export"),
    path("articles/", public_page(views.ArticleListView.as_view()), name="article_list"),
    path("articles/export.csv", views.export_view(views.ArticleListView), name="article_export"),
    path("articles/<slug:slug>/", public_page(views.ArticleDetailView.as_view()), name="article_detail"),
    path("suggest/<str:kind>.json", views.suggest, name="suggest"),
]
