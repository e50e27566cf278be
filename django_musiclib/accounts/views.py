from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model, login, logout, update_session_auth_hash
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Field, Model, QuerySet
from django.http import Http404
from django.middleware.csrf import get_token
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework import status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.field_mapping import get_unique_error_message

from django_musiclib.accounts import services
from django_musiclib.accounts.models import Profile
from django_musiclib.accounts.serializers import (
    AccountDeletionSerializer,
    LoginSerializer,
    PasswordChangeSerializer,
    ProfileSerializer,
    TokenSerializer,
    UserDataExportSerializer,
)
from django_musiclib.api.schema import MusicLibSchema
from django_musiclib.api.user_data import user_data_sections
from django_musiclib.api.users import public_username, public_username_field
from django_musiclib.api.views import MusicLibViewMixin
from django_musiclib.conf import musiclib_settings

PERMISSION_SETTINGS = {
    "create": "REGISTRATION_PERMISSION_CLASSES",
    "login": "LOGIN_PERMISSION_CLASSES",
    "retrieve": "PUBLIC_PROFILE_PERMISSION_CLASSES",
}

#: Actions about the signed-in user's own account.
OWN_ACCOUNT_ACTIONS = ("me", "delete_me", "password", "logout_all", "export")


class UserSchema(MusicLibSchema):
    """Documents the password that ``DELETE /users/me`` takes in its body, and that a
    public profile's username is none of the reserved ones (they name other endpoints).

    drf-spectacular documents request bodies for POST, PUT and PATCH only.
    """

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        for parameter in (operation or {}).get("parameters", []):
            if parameter["in"] == "path" and parameter["name"] == "username":
                reserved = list(musiclib_settings.RESERVED_USERNAMES)
                parameter["schema"] = {**parameter["schema"], "not": {"enum": reserved}}
        return operation

    def _get_request_body(self, direction: str = "request") -> dict | None:
        if self.method != "DELETE" or getattr(self.view, "action", None) != "delete_me":
            return super()._get_request_body(direction)
        self.method = "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = "DELETE"


def csrf_url() -> str:
    """Where a frontend gets the CSRF cookie, as mounted in this project."""
    try:
        return reverse("musiclib:user-csrf")
    except NoReverseMatch:
        return "users/csrf"


def enforce_csrf(request: Request) -> None:
    """Refuse ``request`` with 403 unless it passes Django's CSRF check.

    A session login must not be forged by another site (it would sign the browser in as
    someone else), so it is checked as DRF checks every session-authenticated write.
    """
    try:
        SessionAuthentication().enforce_csrf(request)
    except PermissionDenied as exc:
        advice = gettext(
            "A session login needs the CSRF token: get it from GET %(url)s and send it in "
            "the X-CSRFToken header."
        ) % {"url": csrf_url()}
        raise PermissionDenied(f"{exc.detail} {advice}") from exc


CSRF_TOKEN = inline_serializer(
    "CsrfToken",
    fields={
        "csrfToken": drf_serializers.CharField(
            help_text=_(
                "Send it back as the X-CSRFToken header; it is also set as the csrftoken cookie."
            )
        )
    },
)


def export_filename(user: Any) -> str:
    """``musiclib-export-<username>.json``, or the user id where users sign in by email."""
    return f"musiclib-export-{public_username(user) or user.pk}.json"


def current_token(request: Request) -> Model | None:
    """The token that authenticated ``request``, or None for a session."""
    return request.auth if isinstance(request.auth, services.token_model()) else None


class UserViewSet(MusicLibViewMixin, viewsets.GenericViewSet):
    """Accounts: sign up, log in and out, the signed-in user's profile, public profiles."""

    schema = UserSchema()
    lookup_field = "username"
    throttle_scopes = {"create": "register", "login": "login", "password": "password"}

    @property
    def permission_setting(self) -> str:  # type: ignore[override]
        return PERMISSION_SETTINGS.get(self.action, "ACCOUNT_PERMISSION_CLASSES")

    def get_serializer_class(self) -> type:
        if self.action == "create":
            return musiclib_settings.REGISTRATION_SERIALIZER
        if self.action == "retrieve":
            return musiclib_settings.PUBLIC_PROFILE_SERIALIZER
        if self.action == "login":
            return LoginSerializer
        if self.action == "password":
            return PasswordChangeSerializer
        return musiclib_settings.PROFILE_SERIALIZER

    def get_queryset(self) -> QuerySet[Profile]:
        return Profile.objects.select_related("user")

    def initial(self, request: Request, *args: object, **kwargs: object) -> None:
        super().initial(request, *args, **kwargs)
        # A host may open these actions to anyone; they still need someone to act for.
        if self.action in OWN_ACCOUNT_ACTIONS and not request.user.is_authenticated:
            raise NotAuthenticated

    def get_object(self) -> Profile:
        value = self.kwargs[self.lookup_field]
        field = public_username_field()
        lookup = {field: value} if field else {"pk": value}
        try:
            user = get_user_model().objects.get(is_active=True, **lookup)
        except (
            get_user_model().DoesNotExist,
            ValueError,
            TypeError,
            DjangoValidationError,
        ) as exc:
            raise Http404 from exc
        profile = services.profile_of(user)
        self.check_object_permissions(self.request, profile)
        return profile

    @extend_schema(
        summary="Register",
        responses={201: ProfileSerializer},
    )
    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            user = services.register(**serializer.validated_data)
        except services.AccountExists as exc:
            # Another sign-up took the name since validation: validated again, the data
            # gets the unique validator's own error. Only a name that differs from the
            # taken one until create_user() normalizes it passes again.
            self.get_serializer(data=request.data).is_valid(raise_exception=True)
            field = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD)
            assert isinstance(field, Field)  # USERNAME_FIELD names a column, not a relation
            raise ValidationError({field.name: [get_unique_error_message(field)]}) from exc
        profile = services.profile_of(user)
        data = musiclib_settings.PROFILE_SERIALIZER(profile, context=self.get_serializer_context())
        return Response(data.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="A public profile",
        parameters=[
            OpenApiParameter(
                "username",
                str,
                OpenApiParameter.PATH,
                description="The username, or the user id where users sign in by email.",
            )
        ],
    )
    def retrieve(self, request: Request, username: str | None = None) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(summary="Log in", request=LoginSerializer, responses=TokenSerializer)
    @action(detail=False, methods=["post"], authentication_classes=[])
    def login(self, request: Request) -> Response:
        serializer = LoginSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data["session"]:
            enforce_csrf(request)
        user = serializer.validated_data["user"]
        try:
            instance, token = services.issue_token(user)
        except services.TokenLimitReached as exc:
            raise PermissionDenied(
                gettext("This account holds the most tokens it may; log out elsewhere first.")
            ) from exc
        if serializer.validated_data["session"]:
            login(request._request, user)  # sends user_logged_in
        else:
            # As Django's own login does, so receivers such as last_login's see it too.
            user_logged_in.send(sender=type(user), request=request._request, user=user)
        profile_serializer = musiclib_settings.PROFILE_SERIALIZER
        user_data = profile_serializer(
            services.profile_of(user), context=self.get_serializer_context()
        ).data
        expiry = TokenSerializer().fields["expiry"].to_representation(instance.expiry)
        return Response({"token": token, "expiry": expiry, "user": user_data})

    @extend_schema(
        summary="Get a CSRF token (and cookie) for a browser session",
        description="Sets the csrftoken cookie. A browser frontend that logs in with "
        '"session": true sends the token as the X-CSRFToken header with the login and '
        "with every POST, PUT, PATCH and DELETE made with the session.",
        request=None,
        responses=CSRF_TOKEN,
    )
    @action(
        detail=False, methods=["get"], authentication_classes=[], permission_classes=[AllowAny]
    )
    def csrf(self, request: Request) -> Response:
        # get_token() asks Django's CsrfViewMiddleware to set (or renew) the cookie.
        return Response({"csrfToken": get_token(request._request)})

    @extend_schema(summary="Log out this token or session", request=None, responses={204: None})
    @action(detail=False, methods=["post"])
    def logout(self, request: Request) -> Response:
        token = current_token(request)
        if token is not None:
            token.delete()
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Log out everywhere", request=None, responses={204: None})
    @action(detail=False, methods=["post"], url_path="logout-all")
    def logout_all(self, request: Request) -> Response:
        services.revoke_tokens(request.user)
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="My profile")
    @action(detail=False, methods=["get", "patch"])
    def me(self, request: Request) -> Response:
        profile = services.profile_of(request.user)
        if request.method == "GET":
            return Response(self.get_serializer(profile).data)
        serializer = self.get_serializer(profile, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)

    @extend_schema(
        summary="Delete my account",
        request=AccountDeletionSerializer,
        responses={204: None},
    )
    @me.mapping.delete
    def delete_me(self, request: Request) -> Response:
        serializer = AccountDeletionSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        services.delete_account(request.user)
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary=_("Export my data"),
        description=_(
            "Everything the library holds about the signed-in user, as one JSON document: "
            "the account (never the password), the profile, the API tokens (never the "
            "token itself), and a key for each installed app's data: the artists, albums "
            "and songs the user created, their likes and dislikes, their comments. It is "
            "sent as an attachment, so a browser saves it as a file."
        ),
        responses=UserDataExportSerializer,
    )
    @action(detail=False, methods=["get"], url_path="me/export", renderer_classes=[JSONRenderer])
    def export(self, request: Request) -> Response:
        user = request.user
        instance = {
            "exported_at": timezone.now(),
            **{section.key: section.rows(user) for section in user_data_sections()},
        }
        serializer = UserDataExportSerializer(instance, context=self.get_serializer_context())
        response = Response(serializer.data)
        disposition = content_disposition_header(
            as_attachment=True, filename=export_filename(user)
        )
        assert disposition is not None  # None only for an inline answer without a file name
        response["Content-Disposition"] = disposition
        add_never_cache_headers(response)
        return response

    @extend_schema(
        summary="Change my password",
        request=PasswordChangeSerializer,
        responses={204: None},
    )
    @action(detail=False, methods=["post"], url_path="me/password")
    def password(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        keep = current_token(request)
        services.change_password(
            request.user, serializer.validated_data["new_password"], keep_token=keep
        )
        # initial() has refused anonymous users; the check tells the type checker too.
        if keep is None and request.user.is_authenticated:
            update_session_auth_hash(request._request, request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
