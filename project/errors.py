"""Domain errors raised by services.

NotFound is an Http404: a view that lets it through answers 404, so an object the actor may not
see is indistinguishable from one that does not exist. Consumers catch it and reply with an error.
"""

from django.http import Http404


class NotFound(Http404):
    pass
