from django.urls import path

from ruamkan.budgeting import views

app_name = "budgeting"
urlpatterns = [
    path("budgets/receipt/", views.receipt, name="receipt"),
    path("budgets/phase/<int:pk>/", views.phase, name="phase"),
    path("budgets/<int:pk>/", views.budget_detail, name="budget"),
    path("s/<str:slug>/budgets/new/", views.budget_create, name="create"),
    path("budgets/<int:pk>/projects/new/", views.project_create, name="project_create"),
    path("budgets/<int:pk>/review/", views.review, name="review"),
    path("budgets/<int:pk>/paper/", views.paper_ballot, name="paper"),
    path("budgets/<int:pk>/results/", views.results, name="results"),
    path("budgets/<int:pk>/publish/", views.publish, name="publish"),
    path("budgets/<int:pk>/ballots.pb", views.ballot_file, name="ballot_file"),
]
