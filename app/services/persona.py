"""The user's profile (persona statements by section) and their feedback on it: confirm
reinforces a statement, reject retires it, edit supersedes it with the user's wording.

Called by ``mneme persona`` and the TUI's persona screen. The core is imported inside the
functions (module docstring of ``app.services``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.services.views import PersonaSection, PersonaStatement

if TYPE_CHECKING:
    from app.bootstrap import Services
    from memory.tiers.persona import Statement as Statement

ACTIONS = ("confirm", "reject", "edit")
"""What the user can do with a statement (``feedback``)."""


def section_names() -> tuple[str, ...]:
    """The profile's sections (identity, people, places, work, preferences, ...)."""
    from memory.tiers.predicates import SECTIONS

    return tuple(SECTIONS)


def sections(services: Services, section: str | None = None) -> dict[str, list[Statement]]:
    """The live profile (current and confirmed statements) by section (only ``section``)."""
    return services.tiers.persona.sections(section)


def versions(services: Services, limit: int = 5) -> list[dict[str, Any]]:
    """The latest versions of the profile (what changed, and why)."""
    return services.tiers.persona.versions(limit=limit)


def profile(services: Services) -> tuple[PersonaSection, ...]:
    """The live profile as views, each statement with the ids of what supports it."""
    return tuple(
        PersonaSection(
            title=name.capitalize(),
            statements=tuple(
                PersonaStatement(
                    item_id=st.item_id,
                    text=st.text,
                    status=st.status,
                    origin=st.origin,
                    confirmed_at=st.confirmed_at,
                    evidence=tuple(
                        [f"f{i}" for i in st.fact_ids] + [f"r{i}" for i in st.record_ids]
                    ),
                )
                for st in statements
            ),
        )
        for name, statements in sections(services).items()
    )


def feedback(services: Services, item_id: str, action: str, text: str | None = None) -> Statement:
    """Confirm, reject or edit (with ``text``) statement ``item_id``; returns what it became."""
    return services.tiers.persona_feedback(item_id, action, text)
