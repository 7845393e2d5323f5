"""Structured data (schema.org JSON-LD) for article pages: a NewsArticle, and an Event when there is one."""

from __future__ import annotations

import json
from typing import Any

from .. import dates, urls
from ..config import Config
from ..frontmatter.event import Event, Person
from ..model import Article

# (name, site path) of each step, as newsroom.Trail.
Trail = tuple[tuple[str, str], ...]

ATTENDANCE = {
    "daring": "https://schema.org/OnlineEventAttendanceMode",
    "luring": "https://schema.org/OfflineEventAttendanceMode",
    "hibrida": "https://schema.org/MixedEventAttendanceMode",
}
EDUCATION_EVENTS = {"kuliah_tamu", "pelatihan"}


def article_json_ld(article: Article, trail: Trail = (), *, config: Config) -> str:
    """The script element's content: JSON that cannot close the element, whatever the text holds.
    `trail`: the breadcrumbs up to the article, which ends them."""
    site = urls.Urls(config.base_url)
    graph = [news_article(article, config, site)]
    if article.event:
        graph.append(event(article, article.event, config, site))
    if trail:
        graph.append(breadcrumbs((*trail, (article.title, article.path)), site))
    return script_safe({"@context": "https://schema.org", "@graph": graph})


def breadcrumb_json_ld(trail: Trail, name: str, path: str, *, config: Config) -> str:
    """A page's breadcrumbs alone (a tag page, a standalone page), the page itself last."""
    graph = [breadcrumbs((*trail, (name, path)), urls.Urls(config.base_url))]
    return script_safe({"@context": "https://schema.org", "@graph": graph})


def breadcrumbs(trail: Trail, site: urls.Urls) -> dict[str, Any]:
    """A BreadcrumbList: each step's name and full address, from the home page to this page."""
    items = [
        {"@type": "ListItem", "position": number, "name": name, "item": site.absolute(path)}
        for number, (name, path) in enumerate(trail, start=1)
    ]
    return {"@type": "BreadcrumbList", "itemListElement": items}


def script_safe(data: dict[str, Any]) -> str:
    # "<", ">" and "&" escaped as JSON escapes: "</script>" in a title stays inside the string.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def news_article(article: Article, config: Config, site: urls.Urls) -> dict[str, Any]:
    page = site.absolute(article.path)
    data = {
        "@type": "NewsArticle",
        "@id": page + "#berita",
        "headline": article.title,
        "description": article.summary,
        "url": page,
        "mainEntityOfPage": page,
        "datePublished": dates.iso(article.date),
        "dateModified": dates.iso(article.updated or article.date),
        "inLanguage": config.language,
        "articleSection": article.category,
        "keywords": [tag.label for tag in article.tags],
        "author": [{"@type": "Person", "name": name} for name in article.authors] or [organization(config, site)],
        "publisher": organization(config, site),
        "image": [site.absolute(urls.preview_image(article.path))],
    }
    return data


def organization(config: Config, site: urls.Urls) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": config.organization.name}
    if config.organization.logo:
        data["logo"] = {"@type": "ImageObject", "url": site.absolute(config.organization.logo)}
    if config.organization.url:
        data["url"] = config.organization.url
    return data


def event(article: Article, item: Event, config: Config, site: urls.Urls) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "EducationEvent" if item.type in EDUCATION_EVENTS else "Event",
        "name": article.title,
        "description": article.summary,
        "url": site.absolute(article.path),
        "startDate": dates.iso(item.start),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE[item.mode],
        "location": locations(
            item, site.absolute(article.path), config.organization.address or config.organization.name
        ),
        "organizer": {"@type": "Organization", "name": item.organizer}
        if item.organizer
        else organization(config, site),
        "image": [site.absolute(urls.preview_image(article.path))],
    }
    if item.end:
        data["endDate"] = dates.iso(item.end)
    if item.speakers:
        data["performer"] = [person(speaker_who_spoke(s)) for s in item.speakers]
    return data


def locations(item: Event, page: str, fallback_place: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if item.mode in ("daring", "hibrida"):
        # The public page, never the meeting link: a Zoom link in structured data lets anyone in.
        found.append({"@type": "VirtualLocation", "name": item.platform or "Daring", "url": page})
    if item.mode in ("luring", "hibrida"):
        place = item.venue or fallback_place
        found.append({"@type": "Place", "name": place, "address": place})
    return found


def speaker_who_spoke(speaker: Person) -> Person:
    """The person who actually spoke: the representative when the invited speaker sent one."""
    return speaker.represented_by or speaker


def person(who: Person) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": who.name}
    if who.role:
        data["jobTitle"] = who.role
    if who.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": who.affiliation}
    return data
