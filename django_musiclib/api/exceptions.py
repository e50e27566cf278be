from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, AuthenticationFailed


class Conflict(APIException):
    """The request clashes with the current state of the data (HTTP 409)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the resource.")
    default_code = "conflict"


class PayloadTooLarge(APIException):
    """The request body, or a file in it, is larger than the server accepts (HTTP 413)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request is larger than the server accepts.")
    default_code = "payload_too_large"


class AccountDeleted(AuthenticationFailed):
    """The caller's account was deleted by another request while this one ran (HTTP 401)."""

    default_detail = _("This account has been deleted.")
    default_code = "account_deleted"
