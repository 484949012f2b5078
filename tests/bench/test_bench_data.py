"""The bench data is sound: enough conversations, real contact point ids, and no sentence that
the bot was trained on (a benchmark on training data measures memory, not understanding)."""

import json
import re
from pathlib import Path

import pytest
import yaml

from api.landscape import seed_io
from bench import conversations as convs
from bench import frozen_sets

ROOT = Path(__file__).resolve().parent.parent.parent
NLU_DIR = ROOT / "data" / "nlu"
BENCH_DATA = ROOT / "bench" / "data"
MIN_CONVERSATIONS = 40
MIN_UNSEEN = 15


def test_the_unseen_set_shares_no_conversation_with_the_main_set() -> None:
    def ids(name: str) -> set[str]:
        return {c.id for lang in convs.LANGUAGES for c in convs.load(lang, convs.SETS[name])}

    def texts(name: str) -> set[str]:
        return {
            normalise(t)
            for lang in convs.LANGUAGES
            for c in convs.load(lang, convs.SETS[name])
            for t in convs.typed_texts(c)
        }

    assert not ids("main") & ids("unseen")
    assert not {t for t in texts("main") & texts("unseen") if len(t.split()) > 2}


# The language bench holds one- and two-word chat replies ("ja", "my sister") on purpose;
# those are bound to occur in any chat data, so there only texts of 3+ words must be new
# (the rule bench/language.py applies too). Every other bench text must be new at any length,
# except a bare number: "15" is an answer to "how old are you?", not a sentence one can copy.
LANGUAGE_BENCH_MIN_WORDS = 3
ANNOTATION = re.compile(r"\[(?P<text>[^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def normalise(text: str) -> str:
    """Lower case with single spaces."""
    return " ".join(text.lower().split())


def nlu_texts() -> set[str]:
    """Every training example in data/nlu/**, annotations removed."""
    texts: set[str] = set()
    for path in sorted(NLU_DIR.rglob("*.yml")):
        for block in (yaml.safe_load(path.read_text("utf-8")) or {}).get("nlu") or []:
            examples = block.get("examples") if isinstance(block, dict) else None
            for line in (examples or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    texts.add(normalise(ANNOTATION.sub(r"\g<text>", line[2:])))
    return texts


def language_bench_texts() -> set[str]:
    """Typed texts of bench/data/language/*.yml (button payloads excluded)."""
    texts: set[str] = set()
    folder = BENCH_DATA / "language"
    for name in ("short.yml", "long.yml", "conversations.yml"):
        path = folder / name
        if not path.exists():
            continue
        raw = yaml.safe_load(path.read_text("utf-8"))
        items = raw if isinstance(raw, list) else next(iter(raw.values())) if raw else []
        for item in items or []:
            turns = item.get("turns") if isinstance(item, dict) and "turns" in item else [item]
            texts |= {normalise(t["text"]) for t in turns if isinstance(t, dict) and "text" in t}
    return {t for t in texts if not t.startswith("/")}


def load_openers() -> set[str]:
    """Opening messages of the load test."""
    raw = yaml.safe_load((BENCH_DATA / "load.yml").read_text("utf-8"))
    return {normalise(text) for texts in raw["openers"].values() for text in texts}


@pytest.fixture(scope="module")
def seed_ids() -> set[str]:
    return {
        point.id for point in seed_io.load_seed(ROOT / "api" / "landscape" / "seed").contact_points
    }


def fact_corpus_texts() -> set[str]:
    """Every example of the fact corpus (data/facts/corpus), which the understanding layer
    is trained on."""
    texts: set[str] = set()
    for path in sorted((ROOT / "data" / "facts" / "corpus").rglob("*.yml")):
        for item in (yaml.safe_load(path.read_text("utf-8")) or {}).get("examples") or []:
            texts.add(normalise(str(item["text"])))
    return texts


def first_message_texts() -> set[str]:
    """The frozen unseen first messages (bench/data/unseen and the later sets)."""
    texts: set[str] = set()
    for path in sorted(BENCH_DATA.glob("unseen*/first_messages/*.yml")):
        for item in (yaml.safe_load(path.read_text("utf-8")) or {}).get("messages") or []:
            texts.add(normalise(str(item["text"])))
    return texts


@pytest.fixture(scope="module")
def trained_on() -> set[str]:
    return nlu_texts() | fact_corpus_texts()


# A one- or two-word answer ("gisteren", "over mij") is bound to occur in any chat data; a
# benchmark text of three words or more must be new.
MIN_WORDS_NEW = 3


SETS = [(name, language) for name in convs.SETS for language in convs.LANGUAGES]


@pytest.mark.parametrize(("name", "language"), SETS)
def test_triage_bench_has_enough_conversations(name: str, language: str) -> None:
    minimum = MIN_CONVERSATIONS if name == "main" else MIN_UNSEEN
    assert len(convs.load(language, convs.SETS[name])) >= minimum


@pytest.mark.parametrize(("name", "language"), SETS)
def test_triage_bench_names_only_contact_points_of_the_seed(
    name: str, language: str, seed_ids: set[str]
) -> None:
    unknown = {
        (c.id, point_id)
        for c in convs.load(language, convs.SETS[name])
        for point_id in c.acceptable + c.forbidden
        if point_id not in seed_ids
    }
    assert not unknown


@pytest.mark.parametrize(("name", "language"), SETS)
def test_triage_bench_conversations_are_well_formed(name: str, language: str) -> None:
    conversations = convs.load(language, convs.SETS[name])
    problems = []
    for c in conversations:
        if not c.id.startswith(f"{language}_") or not c.turns:
            problems.append((c.id, "id or turns"))
        if set(c.acceptable) & set(c.forbidden):
            problems.append((c.id, "a place is both acceptable and forbidden"))
        if c.crisis not in convs.CRISIS_KINDS:
            problems.append((c.id, f"crisis {c.crisis}"))
        scripted = c.crisis_turn is not None and 0 <= c.crisis_turn < len(c.turns)
        if (c.crisis != "none") != scripted:
            problems.append((c.id, "crisis_turn must point at a turn exactly when crisis is set"))
    assert not problems
    assert len({c.id for c in conversations}) == len(conversations)


def test_triage_bench_texts_are_not_training_data(trained_on: set[str]) -> None:
    bench = {
        normalise(text)
        for data_dir in convs.SETS.values()
        for language in convs.LANGUAGES
        for c in convs.load(language, data_dir)
        for text in convs.typed_texts(c)
    }
    shared = bench & trained_on
    assert sorted(t for t in shared if len(t.split()) >= MIN_WORDS_NEW) == []


def test_unseen_first_messages_are_not_training_data(trained_on: set[str]) -> None:
    shared = first_message_texts() & trained_on
    assert sorted(t for t in shared if len(t.split()) >= MIN_WORDS_NEW) == []


def test_load_bench_texts_are_not_training_data(trained_on: set[str]) -> None:
    assert sorted(load_openers() & trained_on) == []


def test_language_bench_sentences_are_not_training_data() -> None:
    # The language bench measures language detection, which learns nothing from the fact
    # corpus; only the dialogue-act data of data/nlu could make it look better than it is.
    shared = language_bench_texts() & nlu_texts()
    assert sorted(t for t in shared if len(t.split()) >= LANGUAGE_BENCH_MIN_WORDS) == []


LATER_SETS = [(name, "u" + name.removeprefix("unseen")) for name in frozen_sets.NAMES]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("name", "prefix"), LATER_SETS)
def test_the_later_frozen_sets_are_well_formed_and_have_crisis_and_calm_messages(
    name: str, prefix: str, language: str
):
    contract = yaml.safe_load((ROOT / "contracts" / "facts.yml").read_text("utf-8"))["facts"]
    path = BENCH_DATA / name / "first_messages" / f"{language}.yml"
    items = yaml.safe_load(path.read_text("utf-8"))["messages"]
    ids = [item["id"] for item in items]
    assert len(set(ids)) == len(ids) and all(i.startswith(f"{language}_{prefix}_") for i in ids)
    kinds = [item["crisis"] for item in items]
    assert set(kinds) <= {"danger", "suicide", "both", "none"}
    assert sum(k != "none" for k in kinds) >= 40 and kinds.count("none") >= 60
    for item in items:
        for name, value in (item.get("facts") or {}).items():
            codes = contract[name].get("codes")
            values = value if isinstance(value, list) else [value]
            assert not codes or set(map(str, values)) <= set(map(str, codes)), (item["id"], name)


def test_the_report_has_a_section_for_every_later_frozen_set() -> None:
    from bench.report_unseen import LATER_SETS as SECTIONS

    assert [name for name, *_ in SECTIONS] == list(frozen_sets.NAMES)


def test_the_report_has_a_section_for_every_later_set_of_conversations() -> None:
    # Every conversation set after the first frozen one is reported apart, next to its one
    # measurement before the decision it was written for.
    from bench.report_unseen import CONVERSATION_SETS, later_conversations

    later = set(convs.SETS) - {"main", "unseen", "frozen"}
    assert {bench_set for bench_set, *_ in CONVERSATION_SETS} == later
    for bench_set, folder, *_ in CONVERSATION_SETS:
        assert (BENCH_DATA / folder / "README.md").exists()
        before = json.loads((BENCH_DATA.parent / f"{folder}_before.json").read_text("utf-8"))
        assert before["before"]["conversations"] == sum(
            len(convs.load(language, convs.SETS[bench_set])) for language in convs.LANGUAGES
        )
        failures = [{"id": "x_1", "hit": False, "top3": [], "most_asks": 1}]
        now = {"overall": before["before"], "failures": failures}
        section = "\n".join(later_conversations({"parts": {"triage": {bench_set: now}}}))
        assert f"bench/{folder}_before.json" in section
        assert "x_1 (no acceptable place in the top 3)" in section
