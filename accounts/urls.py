"""Password reset by email, with Django's own views and the admin's templates. Not namespaced: Django's views, its
email and the admin's sign-in page reverse these names as they are ("Forgotten your login credentials?" appears on the
sign-in page once admin_password_reset exists). The code pages are the admin site's own (accounts.sites)."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("password-reset/", views.PasswordResetView.as_view(), name="admin_password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
