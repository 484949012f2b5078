"""Understanding as a person meets it, through the public chat API of the real stack: crisis at
any turn, words that beat an earlier button, corrections, no loops, out of scope, other
languages and awkward input. Both languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.chat_driver import Gateway, crisis_links, is_recommendation, place_names
from tests.lines import number

pytestmark = pytest.mark.stack


def _links(messages: list[dict[str, Any]]) -> set[str]:
    return {link["url"] for message in messages for link in message.get("links") or []}


def _text(messages: list[dict[str, Any]]) -> str:
    return "\n".join(message.get("text") or "" for message in messages)


def _payloads(messages: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for m in messages for b in m.get("buttons") or []]


class Chat:
    """One conversation of a test person."""

    def __init__(self, gateway: Gateway, language: str) -> None:
        self.gateway, self.language = gateway, language
        self.id = gateway.create(language)["session_id"]

    def say(self, text: str) -> list[dict[str, Any]]:
        return self._send(text=text)

    def press(self, payload: str) -> list[dict[str, Any]]:
        return self._send(payload=payload)

    def _send(self, **body: str) -> list[dict[str, Any]]:
        answer = self.gateway.send(self.id, self.language, **body)
        assert answer.status_code == 200, answer.text
        # Like the widget: after a language switch, the next messages go in the new language.
        self.language = answer.json().get("language") or self.language
        return list(answer.json()["messages"])

    def skip_to_places(self, first: list[dict[str, Any]], turns: int = 6) -> list[dict[str, Any]]:
        """Skip every question until the places are shown."""
        messages = first
        for _ in range(turns):
            if is_recommendation(messages):
                return messages
            payloads = _payloads(messages)
            assert "/skip" in payloads, f"the bot asked nothing skippable: {_text(messages)}"
            messages = self.press("/skip")
        raise AssertionError("no places after skipping every question")


DANGER = crisis_links("danger")
SUICIDE = crisis_links("suicide")


@pytest.mark.parametrize(
    ("language", "first", "crisis"),
    [
        ("nl", "mijn ex heeft jaren geleden naaktfoto's van mij gedeeld", "ik hoor hem nu beneden, hij probeert de deur open te breken"),
        ("en", "my ex shared naked pictures of me years ago", "he is downstairs right now trying to break the door"),
        ("nl", "ik ben vorig jaar aangerand door een collega", "ik heb de pillen al klaargelegd voor vannacht"),
        ("en", "a colleague assaulted me last year", "i've got the pills ready for tonight"),
    ],
)  # fmt: skip
def test_crisis_in_the_middle_of_the_questions_gets_the_crisis_line_at_once(
    gateway: Gateway, language: str, first: str, crisis: str
) -> None:
    chat = Chat(gateway, language)
    chat.say(first)
    reply = chat.say(crisis)
    wanted = DANGER if "deur" in crisis or "door" in crisis else SUICIDE
    assert wanted & _links(reply), _text(reply)


PAUSES = {"nl": "Ik stop even met mijn vragen.", "en": "I will stop my questions for a moment."}


@pytest.mark.parametrize(
    ("language", "friend", "own", "answer"),
    [
        ("nl", "mijn vriendin is vorige maand verkracht", "ik wil zelf eigenlijk ook niet meer leven", "/affirm"),
        ("en", "my girlfriend was raped last month", "honestly i don't want to live anymore myself", "/deny"),
    ],
)  # fmt: skip
def test_own_thoughts_of_suicide_in_the_middle_pause_the_questions(
    gateway: Gateway, language: str, friend: str, own: str, answer: str
) -> None:
    # Asking for a friend, then saying they do not want to live themselves: 113 first, then the
    # questions stop and the person decides. The friend's places do not follow in that reply.
    chat = Chat(gateway, language)
    assert not is_recommendation(chat.say(friend))
    reply = chat.say(own)
    assert SUICIDE & _links(reply), _text(reply)
    assert PAUSES[language] in _text(reply), _text(reply)
    assert not is_recommendation(reply)
    assert sorted(_payloads(reply)) == ["/affirm", "/deny"]
    after = chat.press(answer)
    if answer == "/affirm":
        assert is_recommendation(chat.skip_to_places(after))
    else:
        assert SUICIDE & _links(after), _text(after)
        assert not is_recommendation(after)


WORRIED = {"nl": "zorgen maakt om iemand", "en": "worry about someone"}
NOT_ALONE = {"nl": "Je staat er niet alleen voor", "en": "You are not alone in this"}


@pytest.mark.parametrize(
    ("language", "about_someone", "own"),
    [
        ("nl", "mijn beste vriend zegt steeds dat hij er een eind aan wil maken", "eerlijk gezegd wil ik zelf ook niet meer leven"),
        ("en", "my sister keeps saying she wants to end her life", "to be honest i don't want to live anymore either"),
    ],
)  # fmt: skip
def test_the_113_line_speaks_to_the_person_who_worries_about_someone(
    gateway: Gateway, language: str, about_someone: str, own: str
) -> None:
    # 113 is also there for people worried about someone else: the line says so to them, and
    # does not tell them "you are not alone" as if the thoughts were theirs. When they then
    # tell of their own thoughts, the line speaks to them.
    chat = Chat(gateway, language)
    reply = chat.say(about_someone)
    assert SUICIDE & _links(reply), _text(reply)
    assert WORRIED[language] in _text(reply), _text(reply)
    assert NOT_ALONE[language] not in _text(reply)
    assert "/affirm" in _payloads(reply)
    chat.press("/affirm")
    reply = chat.say(own)
    assert SUICIDE & _links(reply), _text(reply)
    assert NOT_ALONE[language] in _text(reply), _text(reply)
    assert WORRIED[language] not in _text(reply)


OFFERS_TO_GO_ON = {
    "nl": ("Ik stop even met mijn vragen.", "Wil je dat ik met je meezoek"),
    "en": ("I will stop my questions for a moment.", "Would you like me to help you look"),
}
INVITE_STORY = ("Vertel het in je eigen woorden", "Tell me in your own words")


@pytest.mark.parametrize(
    ("language", "first", "switch", "other", "answer"),
    [
        ("nl", "ik ben vorig jaar verkracht", "can we continue in english please", "en", "/affirm"),
        ("en", "i want to die", "kunnen we verder in het nederlands", "nl", "/deny"),
    ],
)  # fmt: skip
def test_an_offer_to_go_on_asked_again_in_the_other_language_is_answered(
    gateway: Gateway, language: str, first: str, switch: str, other: str, answer: str
) -> None:
    # After 113 the bot offers to go on; the person switches language, and the offer comes again
    # in the new language. Their yes or no then answers that offer: they are not asked to tell
    # the whole story again.
    chat = Chat(gateway, language)
    reply = chat.say(first)
    if answer == "/affirm":
        reply = chat.say("ik wil eigenlijk niet meer leven")
    assert SUICIDE & _links(reply), _text(reply)
    reply = chat.say(switch)
    assert chat.language == other
    assert any(offer in _text(reply) for offer in OFFERS_TO_GO_ON[other]), _text(reply)
    after = chat.press(answer)
    assert not any(invite in _text(after) for invite in INVITE_STORY), _text(after)
    if answer == "/affirm":
        assert is_recommendation(chat.skip_to_places(after))
    else:
        assert "You decide" in _text(after) or "Jij beslist" in _text(after), _text(after)
        assert SUICIDE & _links(after), _text(after)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nl", "hij staat weer te bonken op de deur en ik heb de pillen al klaarliggen, ik kan niet meer"),
        ("en", "my friend just texted she swallowed all her pills and she's alone at home"),
    ],
)  # fmt: skip
def test_danger_and_suicide_in_one_message_get_both_lines_at_once(
    gateway: Gateway, language: str, message: str
) -> None:
    reply = Chat(gateway, language).say(message)
    assert DANGER & _links(reply), _text(reply)
    assert SUICIDE & _links(reply), _text(reply)


SAFETY_QUESTIONS = (
    "Kun je nu veilig verder chatten?",
    "Is er op dit moment gevaar, voor jou of voor iemand anders?",
    "Is it safe for you to keep chatting right now?",
    "Is anyone in danger right now, you or someone else?",
)
SAFE_TO_CHAT_QUESTIONS = SAFETY_QUESTIONS[::2]


def _safety_question(text: str, questions: tuple[str, ...] = SAFETY_QUESTIONS) -> str:
    """The safety question the bot asked in this text (the test fails if it asked none)."""
    asked = [question for question in questions if question in text]
    assert asked, f"the bot asked no safety question after a story of violence: {text}"
    return asked[0]


@pytest.mark.parametrize(
    ("language", "story", "back"),
    [
        ("nl", "hij slaat me nu", "ik weet het niet"),
        ("en", "he is hitting me right now", "i don't know"),
    ],
)  # fmt: skip
def test_not_safe_to_chat_then_coming_back_asks_again_instead_of_repeating(
    gateway: Gateway, language: str, story: str, back: str
) -> None:
    # "Not safe to chat" ends the questions with 112 and "you can always come back later".
    # When the person writes again, the bot asks once more whether it is safe now, so that a
    # yes is heard; it does not answer every later message with the same goodbye.
    chat = Chat(gateway, language)
    asked = _safety_question(_text(chat.say(story)), SAFE_TO_CHAT_QUESTIONS)
    stay_safe = chat.press("/deny")
    assert DANGER & _links(stay_safe), _text(stay_safe)
    again = chat.say(back)
    assert asked in _text(again), _text(again)
    assert "/affirm" in _payloads(again)
    assert is_recommendation(chat.skip_to_places(chat.press("/affirm")))


@pytest.mark.parametrize(
    ("language", "story", "age", "concern"),
    [
        ("nl", "ik ben vorig jaar verkracht", '"age":"18_plus"', '"concern":"sexual_violence"'),
        ("en", "i was raped last year", '"age":"18_plus"', '"concern":"sexual_violence"'),
    ],
)  # fmt: skip
def test_a_pressed_button_is_taken_and_not_asked_again(
    gateway: Gateway, language: str, story: str, age: str, concern: str
) -> None:
    chat = Chat(gateway, language)
    asked = chat.say(story)
    pressed = next(p for p in _payloads(asked) if age in p)
    after = chat.press(pressed)
    # The next question, not the same one again (the button used to be ignored).
    assert not any(age in p for p in _payloads(after)), _text(after)
    # And a topic chosen with a button at the start is taken too: the bot asks who it is about.
    start = Chat(gateway, language)
    topics = start.say("hoi" if language == "nl" else "hi")
    chosen = start.press(next(p for p in _payloads(topics) if concern in p))
    assert any('"role":' in p for p in _payloads(chosen)), _text(chosen)


@pytest.mark.parametrize(
    ("language", "story", "back", "glad"),
    [
        ("nl", "hij slaat me nu", "ik ben nu veilig, hij is weg", "Fijn dat je nu veilig bent"),
        ("en", "he is hitting me right now", "i'm safe now, he left", "Good that you are safe now"),
    ],
)  # fmt: skip
def test_coming_back_safe_after_not_safe_to_chat_is_met_with_relief_not_112_again(
    gateway: Gateway, language: str, story: str, back: str, glad: str
) -> None:
    chat = Chat(gateway, language)
    _safety_question(_text(chat.say(story)), SAFE_TO_CHAT_QUESTIONS)
    chat.press("/deny")
    again = chat.say(back)
    # The danger is over by their own words: no 112 as if it were new, and the questions go on.
    assert glad in _text(again), _text(again)
    assert not DANGER & _links(again), _text(again)
    assert is_recommendation(chat.skip_to_places(again))


@pytest.mark.parametrize(
    ("language", "story", "safe_now"),
    [
        ("nl", "hij slaat me als hij gedronken heeft", "ik ben nu veilig, hij is op zijn werk"),
        ("en", "he hits me when he has been drinking", "i'm safe right now, he's at work"),
    ],
)  # fmt: skip
def test_safe_now_answers_the_safety_question_without_a_banner(
    gateway: Gateway, language: str, story: str, safe_now: str
) -> None:
    chat = Chat(gateway, language)
    asked = _safety_question(_text(chat.say(story)))
    reply = chat.say(safe_now)
    # Read as the answer: not asked again, and no 112 banner for a person who said they are safe.
    assert asked not in _text(reply), _text(reply)
    assert not DANGER & _links(reply), _text(reply)


@pytest.mark.parametrize(
    ("language", "story", "crisis"),
    [
        ("nl", "mijn vriend slaat me soms", "ik hoor hem nu thuiskomen en hij schreeuwt dat hij me gaat pakken"),
        ("en", "my boyfriend hits me sometimes", "he just came home and he's screaming he'll get me"),
    ],
)  # fmt: skip
def test_crisis_after_the_places_were_shown_gets_112(
    gateway: Gateway, language: str, story: str, crisis: str
) -> None:
    chat = Chat(gateway, language)
    chat.skip_to_places(chat.say(story))
    reply = chat.say(crisis)
    assert DANGER & _links(reply), _text(reply)
    assert "Sorry" not in _text(reply)


@pytest.mark.parametrize(
    ("language", "about_me", "words"),
    [
        ("nl", '/inform_role{"role":"victim"}', "ik heb seksuele gedachten over kinderen en daar wil ik vanaf"),
        ("en", '/inform_role{"role":"victim"}', "i have sexual thoughts about children and i want to stop"),
    ],
)  # fmt: skip
def test_own_words_beat_the_about_me_button(
    gateway: Gateway, language: str, about_me: str, words: str
) -> None:
    # A person who first pressed "about me" and then says they worry about their own feelings
    # is helped as someone worried about themselves: Stop it Now!, not the victims' places.
    chat = Chat(gateway, language)
    chat.say("ik wil iets vragen" if language == "nl" else "i want to ask something")
    chat.press(about_me)
    places = place_names(chat.skip_to_places(chat.say(words)))
    assert "stop-it-now" in places, places
    assert not any(place.startswith(("centrum-seksueel-geweld", "csg-")) for place in places), (
        places
    )


@pytest.mark.parametrize(
    ("language", "story", "correction"),
    [
        ("nl", "ik ben vorige week verkracht", "nee, het gaat over mijn zus, niet over mij"),
        ("en", "i was raped last week", "no, it's about my sister, not me"),
        # Without "no" in front: found in the widget, where the question came back bare and the
        # summary said "it is about you".
        (
            "en",
            "my flatmate forced me last weekend",
            "actually it was my friend who it happened to, not me",
        ),
        (
            "nl",
            "mijn huisgenoot heeft me vorig weekend gedwongen",
            "het is eigenlijk mijn vriendin overkomen, niet mij",
        ),
    ],
)
def test_a_correction_changes_what_the_bot_understood(
    gateway: Gateway, language: str, story: str, correction: str
) -> None:
    chat = Chat(gateway, language)
    first = chat.say(story)
    places = chat.skip_to_places(chat.say(correction) if not is_recommendation(first) else first)
    said_back = _text(places).lower()
    assert ("zus" in said_back or "familie" in said_back or "naaste" in said_back
            or "sister" in said_back or "close to you" in said_back or "family" in said_back), said_back  # fmt: skip


DANGER_QUESTION = {"nl": "Is er op dit moment gevaar", "en": "Is anyone in danger right now"}


@pytest.mark.parametrize(
    ("language", "first", "story"),
    [
        (
            "nl",
            "mijn vriend slaat me soms als hij gedronken heeft",
            "hij woont nu bij zijn moeder, ik wil vooral met iemand praten",
        ),
        (
            "en",
            "my boyfriend hits me sometimes when he has been drinking",
            "he lives with his mum now, i mostly want to talk to someone",
        ),
    ],
)
def test_more_of_the_story_instead_of_the_danger_answer_is_heard_not_asked_again(
    gateway: Gateway, language: str, first: str, story: str
) -> None:
    chat = Chat(gateway, language)
    assert DANGER_QUESTION[language] in _text(chat.say(first))
    reply = chat.say(story)
    assert DANGER_QUESTION[language] not in _text(reply), _text(reply)
    assert not DANGER & _links(reply), _text(reply)
    places = chat.skip_to_places(reply)
    # Not sure about danger: the emergency line is the first of the other places.
    more = chat.press("/request_more_options")
    assert _links(more) >= DANGER, _text(more)
    assert is_recommendation(places)


@pytest.mark.parametrize(("language", "nonsense"), [("nl", "blub"), ("en", "blub")])
def test_the_same_question_is_never_asked_three_times(
    gateway: Gateway, language: str, nonsense: str
) -> None:
    chat = Chat(gateway, language)
    chat.say("ik wil hulp" if language == "nl" else "i want help")
    questions: list[str] = []
    replies: list[dict[str, Any]] = []
    for _ in range(5):
        replies = chat.say(nonsense)
        questions += [m["text"] for m in replies if m.get("buttons")]
        if is_recommendation(replies):
            break
    for question in set(questions):
        assert questions.count(question) <= 2, question
    # After two misunderstandings the national 24/7 lines are there, and the person can go on.
    assert crisis_links("all") <= _links(replies) or is_recommendation(replies), _text(replies)


@pytest.mark.parametrize(
    ("language", "question"),
    [
        ("nl", "mijn fiets is gestolen, wat moet ik doen?"),
        ("en", "what's the weather tomorrow in utrecht"),
    ],
)
def test_out_of_scope_is_answered_kindly_without_a_danger_banner(
    gateway: Gateway, language: str, question: str
) -> None:
    reply = Chat(gateway, language).say(question)
    assert not DANGER & _links(reply), _text(reply)
    assert _text(reply).strip()


@pytest.mark.parametrize(
    ("language", "hello", "invitation"),
    [
        ("nl", "hallo is daar iemand?", "Wat is er aan de hand?"),
        ("en", "hi there", "What is going on?"),
    ],
)
def test_a_typed_hello_after_the_opening_is_short_and_raises_no_alarm(
    gateway: Gateway, language: str, hello: str, invitation: str
) -> None:
    opening = gateway.create(language)
    assert DANGER & _links(opening["messages"]), "the opening greeting gives the emergency line"
    answer = gateway.send(opening["session_id"], language, text=hello)
    assert answer.status_code == 200, answer.text
    reply = list(answer.json()["messages"])
    # No second introduction and no 112 line: the person only said hello.
    assert invitation in _text(reply), _text(reply)
    assert not DANGER & _links(reply) and number("danger") not in _text(reply), _text(reply)
    assert "computer" not in _text(reply), _text(reply)


@pytest.mark.parametrize(
    "text",
    [
        "Ich brauche Hilfe, mein Mann schlägt mich jeden Tag",
        "Potrzebuję pomocy, szef zabrał mi paszport i nie płaci",
        "أحتاج إلى مساعدة، زوجي يضربني",
    ],
)
def test_another_language_gets_a_bilingual_answer_with_the_24_7_lines(
    gateway: Gateway, text: str
) -> None:
    reply = Chat(gateway, "nl").say(text)
    body = _text(reply)
    assert "Nederlands" in body and "English" in body, body
    assert crisis_links("all") <= _links(reply), body


# Words that are only in one language's replies, to see which language the person was answered in.
REPLY_WORDS = {"nl": ("je", "jou", "Wie", "Dank", "er"), "en": ("you", "Who", "Thank", "anyone")}


@pytest.mark.parametrize(
    ("page", "text", "language"),
    [
        # English with Dutch names and nouns in it, on either page: answered in English.
        ("en", "what's the difference between Veilig Thuis and the Centrum Seksueel Geweld?", "en"),
        (
            "nl",
            "my buurvrouw says her son takes her bankpas and she has no money left, what can I do?",
            "en",
        ),
        # Dutch with English words in it, on the English page: answered in Dutch.
        ("en", "mijn vriend is super toxic, hij checkt mijn phone en ik mag niks", "nl"),
    ],
)
def test_a_message_that_mixes_the_languages_is_answered_in_the_language_of_its_sentence(
    gateway: Gateway, page: str, text: str, language: str
) -> None:
    chat = Chat(gateway, page)
    answer = gateway.send(chat.id, page, text=text)
    assert answer.status_code == 200, answer.text
    assert answer.json()["language"] == language
    words = set(_text(answer.json()["messages"]).replace("?", " ").replace(".", " ").split())
    assert words & set(REPLY_WORDS[language]), words
    other = "en" if language == "nl" else "nl"
    assert not words & set(REPLY_WORDS[other]), words


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("text", ["   ", "🙂🙂🙂", "?", "x" * 1999, "ok " * 600])
def test_awkward_input_gets_a_clear_answer_in_the_page_language(
    gateway: Gateway, language: str, text: str
) -> None:
    chat = Chat(gateway, language)
    answer = gateway.send(chat.id, language, text=text)
    assert answer.status_code in (200, 422), answer.text
    if answer.status_code == 200:
        assert _text(answer.json()["messages"]).strip()


@pytest.mark.parametrize(
    ("language", "mash", "not_understood"),
    [("nl", "asdf qwerty zzz", "begreep ik niet"), ("en", "hgfjd kdkd", "did not quite get")],
)
def test_a_keyboard_mash_is_not_understood_in_the_page_language(
    gateway: Gateway, language: str, mash: str, not_understood: str
) -> None:
    # Lingua calls "asdf qwerty zzz" English and "hgfjd kdkd" Dutch; no word of either is known.
    chat = Chat(gateway, language)
    reply = chat.say(mash)
    assert not_understood in _text(reply), _text(reply)
    assert not DANGER & _links(reply), _text(reply)
    # The conversation stays in the page's language: a one-word greeting is answered in it.
    follow = _text(chat.say("hoi" if language == "nl" else "hello"))
    assert ("fijn dat je er bent" if language == "nl" else "good that you are here") in follow
