"""A gunicorn logger that never writes a requester's private link into the access log.

The token of `/helpdesk/c/<token>/` is a secret (anyone holding it reads the case): the request
line, the path, the query and the headers (a page loaded from the private page sends it as the
Referer) are logged with the token masked. `make run` configures it with `--logger-class`.
"""

import re

from gunicorn.glogging import Logger

from labourdesk.selfassessment.privacy import mask_self_assessment_links

PRIVATE_LINK_TOKEN = re.compile(r"(/helpdesk/c/)[^/?#\s\"]+")
MASK = r"\1••••"


def mask_private_links(value: str) -> str:
    # The self-assessment's private link (/<lang>/self-assessment/r/<token>/) is as secret.
    return mask_self_assessment_links(PRIVATE_LINK_TOKEN.sub(MASK, value))


class PrivateLinkMaskingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: mask_private_links(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }
