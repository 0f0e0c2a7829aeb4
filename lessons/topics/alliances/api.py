"""Lesson 03 (alliances): the public calls — load the data, read the language, draw."""

from __future__ import annotations

from lessons.core.checks import choice
from lessons.core.config import get_language
from lessons.core.countries import country_names
from lessons.core.data import as_of, load
from lessons.core.errors import check_year
from lessons.topics.alliances import figures

__all__ = ["membership_map", "membership_explorer", "relations_network", "relations_explorer", "clause_table"]


def eu_members() -> list[str]:
    """The EU's full members at the data's date (EU measures count for each of them)."""
    current = figures.status_on(load("memberships"), "eu", as_of().year)
    return list(current.loc[current["status"] == "member", "iso3"])


def membership_map(org: str = "brics", year: int | None = None):
    """One organisation's members, observers and partners at the end of `year` (default: now)."""
    organizations, memberships = load("organizations"), load("memberships")
    choice(org, list(organizations["id"]), "org")
    first, last = int(organizations.set_index("id").loc[org, "founded"].year), as_of().year
    year = last if year is None else year
    check_year(year, first, last, get_language())
    lang = get_language()
    return figures.membership_map(memberships, organizations, country_names(lang), lang, org, year, as_of())


def membership_explorer(org: str = "brics"):
    """Organisation drop-down and year slider over the membership map."""
    from lessons.topics.alliances.explorer import MembershipExplorer

    organizations = load("organizations")
    choice(org, list(organizations["id"]), "org")
    lang = get_language()
    return MembershipExplorer(load("memberships"), organizations, country_names(lang), lang, org_id=org, as_of=as_of())


def relations_network(highlight: str | None = None):
    """The bilateral ties, coloured by type; `highlight` (ISO-3, e.g. "IRN") brings one country's ties forward."""
    relations = load("relations")
    if highlight is not None:
        choice(highlight, figures.network_nodes(relations), "highlight")
    lang = get_language()
    return figures.relations_network(relations, country_names(lang), lang, highlight=highlight)


def relations_explorer():
    """Tie-type check boxes and a country to highlight, over the relations network."""
    from lessons.topics.alliances.explorer import RelationsExplorer

    lang = get_language()
    return RelationsExplorer(load("relations"), country_names(lang), lang)


def clause_table():
    """NATO Article 5, the Russia–DPRK treaty of 2024 and the Russia–Iran treaty of 2025, side by side."""
    from IPython.display import HTML

    return HTML(
        figures.clause_table_html(
            load("organizations"), load("relations"), get_language(), ["nato", "csto"], ["rus_prk_2024", "rus_irn_2025"]
        )
    )
