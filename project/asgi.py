"""ASGI entry point: HTTP through Django, websockets through Channels.

Websockets are authenticated by the Django session and refused from origins outside
ALLOWED_HOSTS; each consumer then checks the second factor and object permissions itself.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

from django.core.asgi import get_asgi_application

django_asgi_app = get_asgi_application()

from django.conf import settings  # noqa: E402

from incidents import checker  # noqa: E402

if settings.DEIDENTIFY_PRELOAD:
    # Inline only (no broker): ~6 s and ~1.1 GB, once, in a daemon thread, so requests never
    # wait for it. With a broker the checker worker holds it and this does nothing.
    checker.start_loading()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from project.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
