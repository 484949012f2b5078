"""Bad input never breaks the workspace: random values in every field of the edit form, odd
addresses, query strings and bodies get a page with a message (never a 500, never JSON)."""

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.workspace.browser import Person, form
from tests.api.workspace.conftest import Workspace

NASTY = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", " ", "0", "-1", "99999999999", "24:00", "25:61", "09:00", "<script>x</script>",
         "http://x", "https://", "javascript:alert(1)", "Mo-Fr 09:00-17:00", "\x00", "é" * 300,
         "'; DROP TABLE contact_point; --", "2026-13-45", "9" * 40]
    ),
)  # fmt: skip
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def editor_page(real_seed_template: str, databases: Any) -> Any:
    from tests.api.conftest import LandscapeApp

    app = LandscapeApp(databases.copy(real_seed_template, "fuzz"))
    person = Workspace(app).person("vera", organisations=("veilig-thuis",))
    yield person, person.get("/beheer/punten/veilig-thuis/wijzigen")
    app.close()


def _html(response: Any) -> None:
    assert response.status_code < 500, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")


@SETTINGS
@given(changes=st.dictionaries(st.integers(min_value=0, max_value=400), NASTY, max_size=6))
def test_random_values_in_the_edit_form_never_break_it(
    editor_page: tuple[Person, Any], changes: dict[int, str]
) -> None:
    person, page = editor_page
    found = form(page.text, "/wijzigen")
    names = [name for name, _ in found.fields if name != "csrf"]
    for index, value in changes.items():
        found.set(names[index % len(names)], value)
    answer = person.send(found)
    _html(answer)
    assert answer.status_code in (200, 409, 422)


@SETTINGS
@given(
    path=st.text(
        alphabet=st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="?#%"),
        max_size=30,
    ),
    method=st.sampled_from(["GET", "POST"]),
)
def test_random_addresses_get_a_page(
    editor_page: tuple[Person, Any], path: str, method: str
) -> None:
    person, _ = editor_page
    answer = person.client.request(method, f"/beheer/{path}", follow_redirects=True)
    assert answer.status_code < 500


@SETTINGS
@given(
    target=st.sampled_from(
        ["/beheer/logboek", "/beheer/punten/veilig-thuis", "/beheer/voorstellen", "/beheer/"]
    ),
    query=st.dictionaries(
        st.sampled_from(
            [
                "punt",
                "wie",
                "actie",
                "van",
                "tot",
                "pagina",
                "moment",
                "status",
                "organisatie",
                "lang",
                "alles",
            ]
        ),
        NASTY,
        max_size=4,
    ),
)
def test_random_query_strings_get_a_page(
    editor_page: tuple[Person, Any], target: str, query: dict[str, str]
) -> None:
    person, _ = editor_page
    _html(person.client.get(target, params=query, follow_redirects=True))


@pytest.mark.parametrize(
    "url",
    ["/beheer/logboek?punt=%00", "/beheer/logboek?wie=a%00b&actie=%01", "/beheer/?organisatie=%00"],
)
def test_a_nul_in_the_query_is_dropped_not_a_server_error(
    editor_page: tuple[Person, Any], url: str
) -> None:
    person, _ = editor_page
    answer = person.client.get(url)
    assert answer.status_code == 200, answer.text[:300]


def test_a_nul_in_the_path_is_no_page(editor_page: tuple[Person, Any]) -> None:
    person, _ = editor_page
    assert person.client.get("/beheer/punten/csg%00utrecht").status_code == 404


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b'{"csrf": "x"}'),
        ("multipart/form-data; boundary=x", b"--x--"),
        ("application/x-www-form-urlencoded", b"\xff\xfe"),
        ("application/x-www-form-urlencoded", b"a=" + b"b" * 70_000),
    ],
)
def test_odd_bodies_get_a_page(
    editor_page: tuple[Person, Any], content_type: str, body: bytes
) -> None:
    person, _ = editor_page
    answer = person.client.post(
        "/beheer/punten/veilig-thuis/klopt-nog",
        content=body,
        headers={"content-type": content_type},
    )
    assert answer.status_code in (400, 403, 413)
