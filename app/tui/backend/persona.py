"""The persona screen's data: the profile by section (``TierServices.persona``) and the
user's feedback on a statement (``TierServices.persona_feedback``: confirm reinforces it,
reject retires it, edit supersedes it with the user's wording)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.tui.backend.items import tiers_of
from app.tui.backend.views import PersonaSection, PersonaStatement

if TYPE_CHECKING:
    from app.bootstrap import Services

ACTIONS = ("confirm", "reject", "edit")


def persona(services: Services) -> tuple[PersonaSection, ...]:
    """The live profile (current and confirmed statements), by section (``mneme persona``)."""
    sections = tiers_of(services).persona.sections()
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
        for name, statements in sections.items()
    )


def persona_feedback(services: Services, item_id: str, action: str, text: str | None = None) -> str:
    """Confirm, reject or edit ``item_id``; returns what the statement became."""
    st = tiers_of(services).persona_feedback(item_id, action, text)
    return f"{st.item_id} is now {st.status}: {st.text}"
