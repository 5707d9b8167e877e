"""Open data: published entries as JSON (Participedia-like case records), CSV for German Excel, Atom feed."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.sax.saxutils import escape

from app.models import AtlasEntry, AtlasSettings, AtlasState
from app.review.exports import to_csv

CSV_HEADER = (
    "id", "title", "brief_description", "description", "organiser", "bundesland", "ags", "scope_of_influence",
    "level", "general_issues", "general_issues_label", "method_types", "start_date", "end_date", "ongoing",
    "number_of_participants", "recruitment_method", "organizer_types", "outcomes", "impact", "links",
    "contact", "source", "is_example", "network", "licence", "url", "published_at", "updates",
)  # fmt: skip


def _month(year: int | None, month: int | None) -> str:
    if not year:
        return ""
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def record(entry: AtlasEntry, licence: AtlasSettings | None, url: str) -> dict:
    """One case record; keys follow Participedia's case fields where one exists."""
    return {
        "id": entry.id,
        "title": entry.title,
        "brief_description": entry.summary,
        "description": entry.body,
        "organiser": entry.organiser,
        "bundesland": entry.bundesland,
        "ags": entry.ags or None,
        "country": "DE",
        "scope_of_influence": entry.level.participedia if entry.level else None,
        "level": entry.level.value if entry.level else None,
        "general_issues": [entry.topic.value] if entry.topic else [],
        "general_issues_label": str(entry.topic.label) if entry.topic else "",
        "method_types": [{"name": m.name, "participedia": m.participedia or None} for m in entry.methods],
        "start_date": _month(entry.start_year, entry.start_month) or None,
        "end_date": None if entry.ongoing else (_month(entry.end_year, entry.end_month) or None),
        "ongoing": entry.ongoing,
        "number_of_participants": entry.participants,
        "recruitment_method": entry.recruitment.value if entry.recruitment else None,
        "organizer_types": [entry.initiator.value] if entry.initiator else [],
        "outcomes": entry.result,
        "impact": entry.impact,
        "links": [link for link in (entry.link_portal, entry.link_decision) if link],
        "contact": entry.contact,
        "source": {"type": entry.source.value, "label": str(entry.source.label), "name": entry.source_name},
        "is_example": entry.is_example,
        "network": {"slug": entry.network.slug, "name": entry.network.name},
        "licence": licence.licence.value if licence else "CC-BY-4.0",
        "url": url,
        "published_at": entry.published_at.isoformat() if entry.published_at else None,
        "updates": [
            {"date": _month(u.year, u.month), "text": u.text} for u in entry.updates if u.state is AtlasState.PUBLISHED
        ],
    }


def csv_bytes(records: list[dict]) -> bytes:
    """UTF-8 with BOM, semicolons: opens directly in German Excel (cells guarded against formulas)."""
    rows = []
    for r in records:
        rows.append([
            r["id"], r["title"], r["brief_description"], r["description"], r["organiser"], r["bundesland"],
            r["ags"] or "", r["scope_of_influence"] or "", r["level"] or "", ", ".join(r["general_issues"]),
            r["general_issues_label"], ", ".join(m["name"] for m in r["method_types"]), r["start_date"] or "",
            r["end_date"] or "", "ja" if r["ongoing"] else "nein",
            "" if r["number_of_participants"] is None else r["number_of_participants"],
            r["recruitment_method"] or "", ", ".join(r["organizer_types"]), r["outcomes"], r["impact"],
            " ".join(r["links"]), r["contact"], f"{r['source']['label']}: {r['source']['name']}".rstrip(": "),
            "ja" if r["is_example"] else "nein", r["network"]["name"], r["licence"], r["url"],
            r["published_at"] or "", " | ".join(f"{u['date']}: {u['text']}" for u in r["updates"]),
        ])  # fmt: skip
    return to_csv(CSV_HEADER, rows)


def atom(title: str, feed_url: str, site_url: str, items: list[tuple[AtlasEntry, str]]) -> str:
    """An Atom 1.0 feed of newly published entries."""
    updated = max((e.published_at for e, _ in items if e.published_at), default=datetime.now(UTC))
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">',
        f"<title>{escape(title)}</title>",
        f"<id>{escape(feed_url)}</id>",
        f'<link rel="self" href="{escape(feed_url)}"/>',
        f'<link rel="alternate" type="text/html" href="{escape(site_url)}"/>',
        f"<updated>{updated.isoformat()}</updated>",
    ]
    for entry, url in items:
        published = (entry.published_at or updated).isoformat()
        parts += [
            "<entry>",
            f"<title>{escape(entry.title)}</title>",
            f"<id>{escape(url)}</id>",
            f'<link rel="alternate" type="text/html" href="{escape(url)}"/>',
            f"<published>{published}</published>",
            f"<updated>{published}</updated>",
            f"<author><name>{escape(entry.network.name)}</name></author>",
            f"<summary>{escape(entry.summary)}</summary>",
            "</entry>",
        ]
    parts.append("</feed>")
    return "\n".join(parts)
