"""Verification of members: verified e-mail domains and the coordination's attestation, with badges
that say how and until when (issue #16)."""

from flask import Blueprint

bp = Blueprint("verification", __name__)

# Modules whose views attach to `bp`; create_app imports them (not this package, so that
# importing a domain module of the feature never pulls in its views).
VIEWS = ("routes", "member_routes")
