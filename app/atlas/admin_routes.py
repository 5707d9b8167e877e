"""Admins switch the atlas on per network (licence, embedding sites) and curate the method list."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l

from app.atlas import bp
from app.atlas import settings as atlas_settings
from app.core.actions import submit
from app.core.permissions import require_admin
from app.extensions import db
from app.models import AtlasMethod, Network
from app.models.atlas import AtlasLicence
from forms import BaseForm
from forms.atlas import MethodForm, SettingsForm

ID = "int(max=2147483647)"


def _page(setting_forms=None, method_form=None, status=200):
    networks = list(db.session.scalars(db.select(Network).order_by(Network.name)))
    forms = setting_forms or {}
    for network in networks:
        if network.id not in forms:
            s = atlas_settings.settings_for(network)
            forms[network.id] = SettingsForm(
                formdata=None, prefix=f"n{network.id}",
                data={"enabled": s.enabled, "licence": s.licence.value, "embed_origins": s.embed_origins},
            )  # fmt: skip
    return render_template(
        "atlas/admin.html", networks=networks, forms=forms, method_form=method_form or MethodForm(formdata=None),
        methods=atlas_settings.methods(active_only=False), usage=atlas_settings.method_usage(), toggle=BaseForm(),
    ), status  # fmt: skip


@bp.get("/verwaltung/atlas")
def admin():
    require_admin()
    return _page()


@bp.post(f"/verwaltung/atlas/netzwerke/<{ID}:network_id>")
def admin_network(network_id: int):
    require_admin()
    network = db.session.get(Network, network_id)
    if network is None:
        abort(404)
    form = SettingsForm(prefix=f"n{network.id}")
    done = submit(
        form,
        lambda: atlas_settings.configure(
            network, enabled=form.enabled.data, licence=AtlasLicence(form.licence.data),
            embed_origins=form.embed_origins.data or "",
        ),
        success=_l("Die Einstellungen des Atlas für „%(name)s“ sind gespeichert.", name=network.name),
        next_url=url_for("atlas.admin"),
    )  # fmt: skip
    return done or _page(setting_forms={network.id: form}, status=422)


@bp.post("/verwaltung/atlas/methoden")
def admin_add_method():
    require_admin()
    form = MethodForm()
    done = submit(
        form,
        lambda: atlas_settings.add_method(form.name.data, form.participedia.data or ""),
        success=_l("Die Methode wurde hinzugefügt."),
        next_url=url_for("atlas.admin"),
    )
    return done or _page(method_form=form, status=422)


@bp.post(f"/verwaltung/atlas/methoden/<{ID}:method_id>/<any(an, aus):switch>")
def admin_toggle_method(method_id: int, switch: str):
    require_admin()
    method = db.session.get(AtlasMethod, method_id)
    if method is None or not BaseForm().validate_on_submit():
        abort(404)
    atlas_settings.set_method_active(method, switch == "an")
    db.session.commit()
    flash(_l("Die Methodenliste ist gespeichert."), "success")
    return redirect(url_for("atlas.admin"))
