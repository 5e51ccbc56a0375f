from django.shortcuts import redirect

from groups.permissions import SignatureRequired


class SignatureRequiredMiddleware:
    """A member who has not signed the current declaration goes to it (groups.permissions)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SignatureRequired):
            return redirect("groups:declaration", pk=exception.group.pk)
        return None
