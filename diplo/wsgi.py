"""WSGI entry point; gunicorn serves ``diplo.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

from diplo.keys import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplo.settings")

application = get_wsgi_application()

# Only now, at the door that serves: a server without a key would sign sessions and CSRF tokens with nothing.
require_secret_key()
