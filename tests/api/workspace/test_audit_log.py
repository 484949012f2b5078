"""The audit log in the workspace: every step (proposal, approval, confirmation, accounts)
with who, how and when; filtered by contact point, organisation, who, action and dates; one
entry shows its change in words."""

from datetime import datetime, timedelta

from api.landscape.hours import AMSTERDAM
from tests.api.workspace.browser import text_of
from tests.api.workspace.conftest import Workspace


def _history(workspace: Workspace) -> tuple:  # type: ignore[type-arg]
    editor = workspace.person("carla", contact_points=("csg-utrecht",))
    steward = workspace.person("stella", "steward")
    page = editor.get("/beheer/punten/csg-utrecht/wijzigen")
    proposal = editor.submit(page, "/wijzigen", notes="Nieuwe notitie voor beheerders")
    steward.submit(steward.get(str(proposal.url.path)), "/goedkeuren")
    editor.submit(editor.get("/beheer/punten/csg-utrecht"), "/klopt-nog")
    return editor, steward


def test_the_log_shows_every_step_with_who_and_how(workspace: Workspace) -> None:
    _editor, steward = _history(workspace)
    text = text_of(steward.get("/beheer/logboek").text)
    for words in (
        "voorstel gedaan",
        "gewijzigd",
        "bevestigd als ‘klopt nog’",
        "account in gebruik genomen",
        "via het beheer",
    ):
        assert words in text, words
    assert "carla" in text and "stella" in text


def test_the_log_filters_by_point_who_action_and_date(workspace: Workspace) -> None:
    _editor, steward = _history(workspace)
    by_point = text_of(steward.get("/beheer/logboek?punt=csg-utrecht").text)
    assert "3 regel(s)" in by_point
    by_actor = text_of(steward.get("/beheer/logboek?wie=stella").text).split("regel(s)")[1]
    assert "voorstel gedaan" not in by_actor and "gewijzigd" in by_actor
    by_action = text_of(steward.get("/beheer/logboek?actie=confirm").text)
    assert "1 regel(s)" in by_action
    by_organisation = text_of(steward.get("/beheer/logboek?organisatie=veilig-thuis").text)
    assert "0 regel(s)" in by_organisation
    # The log's days are Amsterdam days (around midnight the machine's date may differ).
    today_in_amsterdam = datetime.now(AMSTERDAM).date()
    tomorrow = (today_in_amsterdam + timedelta(days=1)).isoformat()
    assert "0 regel(s)" in text_of(steward.get(f"/beheer/logboek?van={tomorrow}").text)
    today = today_in_amsterdam.isoformat()
    assert "0 regel(s)" not in text_of(steward.get(f"/beheer/logboek?van={today}&tot={today}").text)
    bad = steward.get("/beheer/logboek?van=gisteren")
    assert bad.status_code == 200 and 'id="van-error"' in bad.text


def test_an_entry_shows_its_change_in_words(workspace: Workspace) -> None:
    _editor, steward = _history(workspace)
    page = steward.get("/beheer/logboek?actie=update")
    link = page.text.split('href="/beheer/logboek/')[1].split('"')[0]
    entry = text_of(steward.get(f"/beheer/logboek/{link}").text)
    assert "Nieuwe notitie voor beheerders" in entry
    assert "Voorstel 1" in entry
    assert steward.get("/beheer/logboek/999999").status_code == 404
    assert steward.get("/beheer/logboek/abc").status_code == 404
