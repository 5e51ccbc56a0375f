import asyncio
import uuid

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from project import pages
from project.forms import ProfileForm


def home(request):
    """The dashboard ("Overzicht") for a logged-in user: each app adds what needs them now."""
    context = {}
    if request.user.is_authenticated:
        pages.extend("project.home", request, context)
    return render(request, "home.html", context)


@login_required
def account(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Uw gegevens zijn opgeslagen."))
        return redirect("account")
    context = pages.extend("project.account", request, {"form": form})
    return render(request, "account/profile.html", context)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not healthy", which is what we report
        return False


async def _channel_layer_ok() -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        channel = await layer.new_channel("healthz.")
        token = uuid.uuid4().hex
        await layer.send(channel, {"type": "healthz.ping", "token": token})
        message = await asyncio.wait_for(layer.receive(channel), timeout=2)
        return message.get("token") == token
    except Exception:  # a down Redis raises connection errors of several kinds
        return False


def _checker_ready() -> bool:
    # The checker belongs to incidents, which project may not import: incidents answers through
    # the page seam (incidents/pages.py).
    return bool(pages.extend("project.healthz", None, {}).get("checker_ready"))


@require_GET
async def healthz(request):
    """200 when the database and the channel layer answer. `checker` says whether a
    de-identification checker is ready; while it loads the site works (sharing waits), so it
    does not make the answer 503."""
    database = await sync_to_async(_database_ok)()
    channel_layer = await _channel_layer_ok()
    checker_ready = await sync_to_async(_checker_ready)()
    healthy = database and channel_layer
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "database": "ok" if database else "unavailable",
            "channel_layer": "ok" if channel_layer else "unavailable",
            "checker": "ready" if checker_ready else "loading",
        },
        status=200 if healthy else 503,
    )
