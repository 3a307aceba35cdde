"""Signing in to the curation site: login throttling (django-axes), a second factor for staff (django-otp, TOTP),
password reset by email, and the admin site that enforces them.

- apps: the admin's configuration, whose default site is sites.PactaAdminSite
- sites: the admin site: sign-in in two steps, and no admin for whoever still owes a code
- two_factor: who must give a code, and the pending sign-in between the password and the code
- views: the code and set-up pages, password reset with the admin's look, the lockout page
"""
