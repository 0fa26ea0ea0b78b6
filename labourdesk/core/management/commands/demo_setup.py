import secrets

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from labourdesk.accounts.models import Organisation, User
from labourdesk.accounts.services import organisation_create, user_create
from labourdesk.core.roles import ROLES

DEMO_ORGS = {
    "factory_user": ("Demo Garment Factory (demo)", Organisation.Kind.FACTORY),
    "buyer_user": ("Demo Apparel Brand (demo)", Organisation.Kind.BUYER),
}


class Command(BaseCommand):
    help = (
        "Demo mode only (LABOURDESK_DEMO=1): create a demo administrator and one demo user per "
        "role, and let each app add its demo content. The password is printed once, on creation."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            self.stdout.write("Demo mode is off (LABOURDESK_DEMO=0): nothing created.")
            return
        if settings.PRODUCTION:
            self.stderr.write("Refusing to create demo accounts in production mode.")
            return
        if User.objects.filter(username="admin").exists():
            self.stdout.write(
                "Demo accounts exist already (their password was printed when they were created)."
            )
        else:
            password = secrets.token_urlsafe(12)
            with transaction.atomic():
                user_create(
                    actor=None,
                    username="admin",
                    password=password,
                    email="admin@labourdesk.localhost",
                    is_superuser=True,
                    roles=["administrator"],
                )
                for role in ROLES:
                    org = None
                    if role.code in DEMO_ORGS:
                        name, kind = DEMO_ORGS[role.code]
                        org = Organisation.objects.filter(
                            name=name, kind=kind
                        ).first() or organisation_create(actor=None, name=name, kind=kind)
                    user_create(
                        actor=None,
                        username=f"demo-{role.code.replace('_', '-')}",
                        password=password,
                        roles=[role.code],
                        organisation=org,
                        email=f"{role.code}@labourdesk.localhost",
                        first_name="Demo",
                        last_name=str(role.name),
                    )
            self.stdout.write(
                self.style.SUCCESS(
                    "Demo administrator: admin / " + password + "\n"
                    "Demo users, same password: "
                    + ", ".join(f"demo-{r.code.replace('_', '-')}" for r in ROLES)
                    + "\n"
                    "This password is shown once; it is not stored in clear anywhere."
                )
            )
        for config in apps.get_app_configs():
            if config.name.startswith("labourdesk.") and module_has_submodule(
                config.module, "demo"
            ):
                module = __import__(f"{config.name}.demo", fromlist=["create_demo"])
                module.create_demo(stdout=self.stdout)
