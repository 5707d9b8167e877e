"""Events (Veranstaltungen): pages, registration, waiting list, calendars, reminders, coordination."""

from flask import Blueprint

bp = Blueprint("events", __name__)

# Modules whose views attach to `bp`; create_app imports them (not this package, so that
# importing a domain module of the feature never pulls in its views).
VIEWS = ("formatting", "manage_routes", "routes")
