"""An editor's change becomes a proposal with a readable diff; only a steward's approval
makes it reach the chat; sources are required for numbers, addresses and hours; stale and
concurrent changes overwrite nothing."""

from datetime import date
from typing import Any

from sqlalchemy import select

from api.admin.models import AuditLog, Proposal
from api.landscape import models
from tests.api.workspace.browser import Person, form, text_of
from tests.api.workspace.conftest import SOURCE_FIELDS, Workspace

SOURCE = SOURCE_FIELDS
WEDNESDAY_EVENING = "2026-11-25T19:30:00+01:00"


def _chat_hours(workspace: Workspace, point_id: str = "veilig-thuis") -> str:
    with workspace.app.sessions() as session:
        point = session.get(models.ContactPoint, point_id)
        assert point is not None
        return next(c.hours for c in point.channels if c.type == "chat")


def _edit_page(person: Person, point_id: str = "veilig-thuis") -> Any:
    page = person.get(f"/beheer/punten/{point_id}/wijzigen")
    assert page.status_code == 200, page.text
    return page


def _chat_key(page: Any) -> str:
    found = form(page.text, "/wijzigen")
    key = next(k for k, v in found.fields if k.endswith("-type") and v == "chat")
    return key.removesuffix("-type")


def propose_evening_chat(person: Person, **extra: str) -> Any:
    """Open the form, set the chat to Mon-Fri 09:00-21:00 with the weekly editor, submit."""
    page = _edit_page(person)
    found = form(page.text, "/wijzigen")
    chat = _chat_key(page)
    found.set(f"{chat}-hours-mode", "weekly")
    for day in range(5):
        found.set(f"{chat}-d{day}-o1", "09:00")
        found.set(f"{chat}-d{day}-c1", "21:00")
    for name, value in {**SOURCE, **extra}.items():
        found.set(name, value)
    return person.send(found)


def _recommended_chat(workspace: Workspace) -> dict[str, Any]:
    answer = workspace.app.client.post(
        "/v1/recommendations",
        json={
            "language": "nl",
            "role": "victim",
            "concerns": ["domestic_violence"],
            "now": WEDNESDAY_EVENING,
        },
    ).json()
    place = next(p for p in answer["recommendations"] if p["id"] == "veilig-thuis")
    return next(c for c in place["channels"] if c["type"] == "chat")


def test_editor_change_is_a_pending_proposal_and_the_chat_does_not_see_it(
    workspace: Workspace,
) -> None:
    editor = workspace.person("vera", organisations=("veilig-thuis",))
    done = propose_evening_chat(editor)
    assert done.status_code == 200 and "/beheer/voorstellen/" in str(done.url)
    assert "Je voorstel is opgeslagen" in done.text
    assert _chat_hours(workspace) == "Mo-Fr 09:00-17:00"
    assert _recommended_chat(workspace)["open_now"] is False
    with workspace.app.sessions() as session:
        (proposal,) = session.scalars(select(Proposal))
        assert (proposal.status, proposal.author, proposal.action) == ("pending", "vera", "update")


def test_the_proposal_shows_a_diff_in_words_and_the_chat_card_in_both_languages(
    workspace: Workspace,
) -> None:
    editor = workspace.person("vera", organisations=("veilig-thuis",))
    page = propose_evening_chat(editor)
    text = text_of(page.text)
    assert "openingstijden" in text.lower()
    assert "ma-vr [weg] 09:00-17:00" in text and "ma-vr [nieuw] 09:00-21:00" in text
    assert "{" not in text  # words, not JSON
    assert "Veilig Thuis (nu bereikbaar)" in text and "reporting centre) (open now)" in text
    assert "Anoniem chatten · ma-vr 09:00-21:00 · gratis" in text
    english = editor.get(str(page.url.path) + "?lang=en&moment=2026-11-25T19:30")
    words = text_of(english.text)
    assert "Mon-Fri 09:00-21:00" in words and "Anonymous chat" in words
    assert "Anoniem chatten · ma-vr 09:00-21:00" in text


def test_a_steward_approves_and_the_recommendation_shows_the_new_hours(
    workspace: Workspace,
) -> None:
    editor = workspace.person("vera", organisations=("veilig-thuis",))
    proposal_url = str(propose_evening_chat(editor).url.path)
    steward = workspace.person("stella", "steward")
    page = steward.get(proposal_url)
    done = steward.submit(page, "/goedkeuren", note="Klopt met de site")
    assert done.status_code == 200 and "Goedgekeurd" in done.text
    assert _chat_hours(workspace) == "Mo-Fr 09:00-21:00"
    chat = _recommended_chat(workspace)
    assert chat["open_now"] is True and "09:00-21:00" in chat["hours_text"]
    with workspace.app.sessions() as session:
        rows = list(session.scalars(select(AuditLog).where(AuditLog.proposal_id.is_not(None))))
    assert [(r.action, r.token_name, r.via) for r in rows] == [
        ("propose", "vera", "workspace"),
        ("update", "stella", "workspace"),
    ]
    assert rows[1].before is not None and rows[1].after is not None
    assert "https://www.veiligthuis.nl/contact" in {s["url"] for s in rows[1].after["sources"]}


def test_hours_without_a_source_are_refused_next_to_the_source_field(
    workspace: Workspace,
) -> None:
    editor = workspace.person("vera", organisations=("veilig-thuis",))
    page = propose_evening_chat(editor, **{"change-url": "", "change-seen": ""})
    assert page.status_code == 422
    assert 'id="change-url-error"' in page.text
    assert "Geef hier de bron" in page.text
    assert 'aria-invalid="true"' in page.text
    # what the editor typed is still there
    assert 'value="21:00"' in page.text
    with workspace.app.sessions() as session:
        assert list(session.scalars(select(Proposal))) == []


def test_bad_phone_number_and_http_address_get_messages_in_the_page_language(
    workspace: Workspace,
) -> None:
    editor = workspace.person("vera", organisations=("veilig-thuis",))
    page = _edit_page(editor)
    found = form(page.text, "/wijzigen")
    phone = next(k for k, v in found.fields if k.endswith("-type") and v == "phone")[:-5]
    chat = _chat_key(page)
    found.set(f"{phone}-value", "0800-20")
    found.set(f"{chat}-value", "http://www.veiligthuis.nl")
    for name, value in SOURCE.items():
        found.set(name, value)
    dutch = editor.send(found)
    assert dutch.status_code == 422
    assert "Dit is geen Nederlands telefoonnummer" in dutch.text
    assert "Dit is geen volledig https-adres" in dutch.text
    found.action = found.action + "?lang=en"
    english = editor.send(found)
    assert english.status_code == 422
    assert "This is not a Dutch phone number" in english.text
    assert "This is not a complete https address" in english.text


def test_a_bad_schedule_is_refused_with_the_day(workspace: Workspace) -> None:
    editor = workspace.person("vera", organisations=("veilig-thuis",))
    page = _edit_page(editor)
    found = form(page.text, "/wijzigen")
    chat = _chat_key(page)
    found.set(f"{chat}-d2-o1", "10:00")
    found.set(f"{chat}-d2-c1", "")
    found.set(f"{chat}-d3-o1", "10:00")
    found.set(f"{chat}-d3-c1", "10:00")
    page = editor.send(found)
    assert page.status_code == 422
    assert f'id="{chat}-d2-o1-error"' in page.text and f'id="{chat}-d3-o1-error"' in page.text
    found.set(f"{chat}-hours-mode", "text")
    found.set(f"{chat}-hours-text", "ma-vr 9-17")
    page = editor.send(found)
    assert "koos niet ‘vaste tijden per week’" in page.text  # times typed, another choice
    for day in range(7):
        for field in ("o1", "c1"):
            found.set(f"{chat}-d{day}-{field}", "")
    page = editor.send(found)
    assert "Deze notatie klopt niet" in page.text


def test_submitting_the_form_unchanged_makes_no_proposal(workspace: Workspace) -> None:
    editor = workspace.person("vera", organisations=("veilig-thuis",))
    page = editor.submit(_edit_page(editor), "/wijzigen")
    assert "Je hebt niets gewijzigd" in page.text
    with workspace.app.sessions() as session:
        assert list(session.scalars(select(Proposal))) == []


def test_reject_needs_a_note_and_changes_nothing(workspace: Workspace) -> None:
    editor = workspace.person("vera", organisations=("veilig-thuis",))
    proposal_url = str(propose_evening_chat(editor).url.path)
    steward = workspace.person("stella", "steward")
    page = steward.get(proposal_url)
    refused = steward.submit(page, "/goedkeuren", button=f"{proposal_url}/afwijzen", note="")
    assert refused.status_code == 422 and "Schrijf waarom" in refused.text
    done = steward.submit(
        page, "/goedkeuren", button=f"{proposal_url}/afwijzen", note="De chat is niet tot 21:00"
    )
    assert "afgewezen" in done.text
    assert _chat_hours(workspace) == "Mo-Fr 09:00-17:00"
    mine = editor.get(proposal_url)
    assert "De chat is niet tot 21:00" in mine.text


def test_the_author_can_withdraw(workspace: Workspace) -> None:
    editor = workspace.person("vera", organisations=("veilig-thuis",))
    page = propose_evening_chat(editor)
    done = editor.submit(page, "/intrekken")
    assert "ingetrokken" in done.text
    with workspace.app.sessions() as session:
        assert session.scalar(select(Proposal.status)) == "withdrawn"


def test_a_stale_proposal_cannot_be_approved_and_shows_both_versions(
    workspace: Workspace,
) -> None:
    first = workspace.person("vera", organisations=("veilig-thuis",))
    second = workspace.person("victor", organisations=("veilig-thuis",))
    one = str(propose_evening_chat(first).url.path)
    page = _edit_page(second)
    two = str(second.submit(page, "/wijzigen", name_nl="Veilig Thuis (landelijk nummer)").url.path)
    steward = workspace.person("stella", "steward")
    steward.submit(steward.get(one), "/goedkeuren")
    stale = steward.get(two)
    assert "Het contactpunt is gewijzigd na dit voorstel" in stale.text
    assert "disabled" in form(stale.text, "/goedkeuren").buttons[0][1] or "disabled>" in stale.text
    steward.submit(stale, "/goedkeuren")
    assert _chat_hours(workspace) == "Mo-Fr 09:00-21:00"
    with workspace.app.sessions() as session:
        point = session.get(models.ContactPoint, "veilig-thuis")
        assert point is not None and point.name_nl == "Veilig Thuis"
        assert (
            session.scalar(select(Proposal.status).where(Proposal.id == int(two.split("/")[-1])))
            == "pending"
        )


def test_an_edit_over_a_newer_version_gets_the_conflict_page_and_keeps_the_typing(
    workspace: Workspace,
) -> None:
    slow = workspace.person("vera", organisations=("veilig-thuis",))
    fast = workspace.person("victor", organisations=("veilig-thuis",))
    steward = workspace.person("stella", "steward")
    opened = _edit_page(slow)
    quick = str(propose_evening_chat(fast).url.path)
    steward.submit(steward.get(quick), "/goedkeuren")
    page = slow.submit(opened, "/wijzigen", description_nl="Een nieuwe beschrijving.")
    assert page.status_code == 409
    text = text_of(page.text)
    assert "Iemand anders heeft dit contactpunt intussen gewijzigd" in text
    assert "09:00-21:00" in text and "09:00-17:00" in text
    assert "Een nieuwe beschrijving." in page.text
    with workspace.app.sessions() as session:
        assert len(list(session.scalars(select(Proposal)))) == 1


def test_retire_is_a_proposal_and_after_approval_the_point_is_no_longer_recommended(
    workspace: Workspace,
) -> None:
    editor = workspace.person("carla", contact_points=("csg-utrecht",))
    page = editor.get("/beheer/punten/csg-utrecht/archiveren")
    refused = editor.submit(page, "/archiveren")
    assert refused.status_code == 422 and "Schrijf kort waarom" in refused.text
    proposal = editor.submit(page, "/archiveren", proposal_note="Fuseert met CSG Midden")
    assert "/beheer/voorstellen/" in str(proposal.url)
    steward = workspace.person("stella", "steward")
    shown = steward.get(str(proposal.url.path))
    assert "Welke situaties veranderen" in shown.text
    steward.submit(shown, "/goedkeuren")
    with workspace.app.sessions() as session:
        point = session.get(models.ContactPoint, "csg-utrecht")
        assert point is not None and point.status == "retired"


def test_a_still_correct_in_between_does_not_block_the_approval(workspace: Workspace) -> None:
    editor = workspace.person("vera", organisations=("veilig-thuis",))
    proposal_url = str(propose_evening_chat(editor).url.path)
    editor.submit(editor.get("/beheer/punten/veilig-thuis"), "/klopt-nog")
    steward = workspace.person("stella", "steward")
    page = steward.get(proposal_url)
    assert "Het contactpunt is gewijzigd na dit voorstel" not in page.text
    steward.submit(page, "/goedkeuren")
    assert _chat_hours(workspace) == "Mo-Fr 09:00-21:00"
    with workspace.app.sessions() as session:
        point = session.get(models.ContactPoint, "veilig-thuis")
        assert point is not None and point.last_verified_at == date.today()
