"""Login, logout, password reset, invitations and password change."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import accounts, bp, sessions, throttle
from app.core.actions import submit
from app.core.deferred import after_response
from app.core.limits import rate_limit
from app.core.permissions import networks_of
from app.core.tokens import find_token
from app.core.web import is_safe_next
from app.extensions import db, limiter
from app.members.memberships import REVOKED_BY_REOPEN
from app.models import Account, TokenPurpose
from forms.auth import PASSWORD_HINT, ChangePasswordForm, LoginForm, NewPasswordForm, PasswordResetRequestForm

LOGIN_FAILED = _l("E-Mail-Adresse oder Passwort sind nicht richtig.")
RESET_REQUESTED = _l(
    "Wenn es ein Konto mit dieser E-Mail-Adresse gibt, haben wir Ihnen soeben einen Link zum "
    "Zurücksetzen des Passworts geschickt. Bitte sehen Sie auch im Spam-Ordner nach."
)


def _start_session(account: Account) -> None:
    """Log the account in with a fresh session (no fixation) and a new server-side login session."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    account.login_token = sessions.start_login_session(account, request.user_agent.string or "")
    login_user(account)


def _landing_page(account: Account, target: str | None) -> str:
    if is_safe_next(target):
        return target
    if networks_of(account):
        return url_for("review.overview")
    return url_for("account.overview")


LOGIN_LOCKED = _l(
    "Zu viele fehlgeschlagene Anmeldeversuche mit dieser E-Mail-Adresse. Bitte versuchen Sie es in "
    "%(minutes)s Minuten noch einmal oder setzen Sie Ihr Passwort über „Passwort vergessen?“ zurück."
)


@bp.route("/anmelden", methods=["GET", "POST"])
@limiter.limit(rate_limit("login_ip"), methods=["POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(_landing_page(current_user, request.args.get("next")))
        form.next.data = request.args.get("next", "") if is_safe_next(request.args.get("next")) else ""
    if form.validate_on_submit():
        if throttle.login_blocked(form.email.data):
            form.form_errors.append(str(LOGIN_LOCKED % {"minutes": throttle.lock_minutes()}))
            form.password.data = ""
            return render_template("auth/login.html", form=form), 429
        account = accounts.authenticate(form.email.data, form.password.data)
        if account is not None:
            _start_session(account)
            db.session.commit()
            flash(_l("Sie sind angemeldet."), "success")
            return redirect(_landing_page(account, form.next.data))
        throttle.record_failed_login(form.email.data, accounts.find_account_by_email(form.email.data))
        db.session.commit()
        form.form_errors.append(str(LOGIN_FAILED))
    form.password.data = ""
    return render_template("auth/login.html", form=form)


@bp.post("/abmelden")
def logout():
    if current_user.is_authenticated:
        sessions.end_login_session(current_user.login_token)
        db.session.commit()
    logout_user()
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    flash(_l("Sie sind abgemeldet."), "success")
    return redirect(url_for("public.index"))


@bp.route("/passwort-vergessen", methods=["GET", "POST"])
@limiter.limit(rate_limit("forgot_password"), methods=["POST"])
def forgot_password():
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        # Looking up the account, issuing the token and rendering the mail happen after the
        # response: the request does the same work whether or not the account exists.
        after_response(accounts.request_password_reset, form.email.data)
        # The same answer whether or not the account exists (no enumeration).
        flash(RESET_REQUESTED, "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


def _set_password_page(purpose: TokenPurpose, token: str, template: str, success: str):
    account = accounts.account_for_link(purpose, token)
    if account is None:
        row = find_token(purpose, token)
        reopened = row is not None and row.payload == REVOKED_BY_REOPEN
        return render_template("auth/link_invalid.html", purpose=purpose, reopened=reopened), 404
    form = NewPasswordForm()

    def set_and_log_in() -> Account:
        account = accounts.set_password_from_link(purpose, token, form.password.data)
        _start_session(account)
        return account

    done = submit(form, set_and_log_in, success=success, next_url=lambda account: _landing_page(account, None))
    if done:
        return done
    form.password.data = form.password_repeat.data = ""
    return render_template(template, form=form, account=account, password_hint=PASSWORD_HINT)


@bp.route("/passwort-zuruecksetzen/<token>", methods=["GET", "POST"])
@limiter.limit(rate_limit("set_password"), methods=["POST"])
def reset_password(token: str):
    return _set_password_page(
        TokenPurpose.PASSWORD_RESET,
        token,
        "auth/reset_password.html",
        _l("Ihr neues Passwort ist gespeichert. Sie sind jetzt angemeldet."),
    )


@bp.route("/einladung/<token>", methods=["GET", "POST"])
@limiter.limit(rate_limit("set_password"), methods=["POST"])
def accept_invitation(token: str):
    return _set_password_page(
        TokenPurpose.INVITATION,
        token,
        "auth/invitation.html",
        _l("Willkommen! Ihr Passwort ist gespeichert und Sie sind angemeldet."),
    )


@bp.route("/passwort-aendern", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    done = submit(
        form,
        lambda: accounts.change_password(
            current_user, form.current_password.data, form.password.data, current_user.login_token
        ),
        success=_l("Ihr Passwort wurde geändert. Andere Anmeldungen wurden beendet."),
        next_url=url_for("account.overview"),
    )
    if done:
        return done
    form.current_password.data = form.password.data = form.password_repeat.data = ""
    return render_template("auth/change_password.html", form=form, password_hint=PASSWORD_HINT)
