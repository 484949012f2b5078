"""Which facts a message fills, beyond the parsing tables."""

from actions.extraction import extract


def test_extract_ignores_a_stray_number_tagged_as_age_when_age_was_not_asked() -> None:
    changes = extract(
        intent="inform_concern",
        entities=[{"entity": "age", "value": "1"}],
        text="<img src=x onerror=alert(1)>",
        requested_slot="concern",
        slots={},
    )
    assert "age_group" not in changes


def test_extract_takes_a_bare_number_as_age_when_age_was_asked() -> None:
    changes = extract(
        intent="inform_age",
        entities=[{"entity": "age", "value": "15"}],
        text="15",
        requested_slot="age_group",
        slots={},
    )
    assert changes["age_group"] == "12_17"


def test_extract_takes_a_marked_age_in_a_story() -> None:
    changes = extract(
        intent="inform_concern",
        entities=[{"entity": "age", "value": "14 jaar"}],
        text="mijn dochter van 14 jaar wordt gechanteerd",
        requested_slot=None,
        slots={},
    )
    assert changes["age_group"] == "12_17"


def test_extract_reads_the_age_of_a_daughter_in_a_dutch_story() -> None:
    changes = extract(
        intent="inform_concern",
        entities=[{"entity": "age", "value": "14"}],
        text="mijn dochter van 14 wordt gechanteerd met naaktfotos",
        requested_slot=None,
        slots={},
    )
    assert changes["age_group"] == "12_17"
