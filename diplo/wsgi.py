"""WSGI entry point; gunicorn serves ``diplo.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplo.settings")

application = get_wsgi_application()
