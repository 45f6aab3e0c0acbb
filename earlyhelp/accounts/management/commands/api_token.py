"""Issue or revoke API tokens: `earlyhelp api_token create USERNAME --name "School MIS"`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from earlyhelp.accounts.models import ApiToken, User
from earlyhelp.accounts.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Create (printing the token once) or revoke an API token."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("username")
        create.add_argument("--name", required=True)
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        if action == "create":
            user = User.objects.filter(username=options["username"], is_active=True).first()
            if user is None:
                raise CommandError(f"No active user {options['username']!r}")
            token, _ = api_token_create(user=user, name=options["name"])
            self.stdout.write(token)
        else:
            tokens = ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True)
            if tokens.count() != 1:
                raise CommandError("Give the first 8 characters of exactly one active token")
            api_token_revoke(api_token=tokens.get())
            self.stdout.write("Revoked")
