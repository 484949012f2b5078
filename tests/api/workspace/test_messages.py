"""The workspace's words: every message in Dutch and English with the same placeholders, and
every message a page or a form can ask for exists."""

import re
import string
from pathlib import Path

import pytest

from api.admin import contact_rules, proposals, seed_sync
from api.admin.roles import ROLES
from api.landscape.seed_schema import TAXONOMIES
from api.workspace import forms, i18n, pages
from api.workspace.diff import Labels

WORKSPACE = Path(pages.__file__).resolve().parent
LITERAL = re.compile(r"""\bt\(\s*["']([a-z0-9_]+)["']\s*[,)]""")
# Messages asked for by name built at run time: err_<key>, <family>_<code>.
ERRORS = {
    "required", "too_long", "choose", "both_languages", "languages", "hours_text_invalid",
    "hours_time_invalid", "hours_mode_conflict", "hours_time_same", "hours_empty", "channels_none", "regions_none",
    "address_confidential", "sources_none", "retire_why", "reject_why", "account_name",
    "account_taken", "account_scope", "date_invalid", "moment", "password_short",
    "password_long", "password_guessable", "password_different", "password_wrong",
    "form_expired", "signin_wrong", "signin_blocked", "signin_locked", "signin_locked_until",
    *(f"rule_{key}" for key in contact_rules.MESSAGES),
}  # fmt: skip
PAGE_ERRORS = {
    "error_form_kind", "error_csrf", "error_not_found", "error_forbidden", "error_conflict",
    "error_invalid", "error_unexpected", "error_not_yours", "error_steward_only",
    "error_changed_since", "error_proposal_closed", "error_block_self",
}  # fmt: skip
AUDIT_ACTIONS = {
    "create", "update", "retire", "add_channel", "update_channel", "remove_channel", "propose",
    "reject", "withdraw", "confirm", "import", "import_forced", "invite", "reset_link",
    "activate", "reset_password", "change_password", "sign_out_everywhere", "lock", "block",
    "unblock",
}  # fmt: skip


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_no_message_key_is_written_twice() -> None:
    # YAML keeps the last of two equal keys without a word; here that is an error.
    keys = re.findall(r"^([a-z0-9_\"]+):", i18n.MESSAGES_FILE.read_text(), flags=re.MULTILINE)
    doubles = sorted({k for k in keys if keys.count(k) > 1})
    assert doubles == []


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    for key, texts in i18n.messages().items():
        assert set(texts) == {"nl", "en"}, key
        assert all(isinstance(v, str) and v.strip() for v in texts.values()), key
        assert _placeholders(texts["nl"]) == _placeholders(texts["en"]), key


def test_every_literal_message_in_pages_and_code_exists() -> None:
    sources = [*WORKSPACE.glob("templates/*.html"), *WORKSPACE.glob("*.py")]
    used = {key for path in sources for key in LITERAL.findall(path.read_text())}
    assert used, "no messages found: the pattern is wrong"
    assert sorted(used - set(i18n.messages())) == []


@pytest.mark.parametrize(
    "key",
    sorted(
        {f"err_{e}" for e in ERRORS}
        | PAGE_ERRORS
        | {f"{e}_title" for e in PAGE_ERRORS}
        | {f"action_{a}" for a in AUDIT_ACTIONS}
        | {f"flash_{f}" for f in pages.FLASHES}
        | {f"type_{c}" for c in forms.CHANNEL_TYPES}
        | {f"cost_{c}" for c in forms.COSTS}
        | {f"anonymous_{c}" for c in forms.ANONYMITY}
        | {f"role_{r}" for r in ROLES}
        | {f"role_{r}_explained" for r in ROLES}
        | {f"invite_role_{r}" for r in ROLES}
        | {f"taxonomy_{t}" for t in TAXONOMIES}
        | {f"proposal_status_{s}" for s in proposals.STATUSES}
        | {f"proposals_caption_{s}" for s in proposals.STATUSES}
        | {f"proposals_none_{s}" for s in proposals.STATUSES}
        | {f"via_{v}" for v in ("api", "workspace", "cli", "import")}
        | {f"hours_mode_{m}" for m in ("always", "weekly", "unknown", "text")}
        | {f"region_kind_{k}" for k in ("province", "veilig_thuis_region", "csg_region")}
        | {f"import_note_{n}" for n in seed_sync.NOTES.values()}
        | {f"reason_{r}" for r in ("never_checked", "stale", "not_verified", "unverified_facts")}
    ),
)
def test_messages_asked_for_by_built_names_exist(key: str) -> None:
    assert key in i18n.messages()


def test_the_contact_rules_say_the_same_in_the_api_and_the_workspace() -> None:
    for key, texts in contact_rules.MESSAGES.items():
        workspace = i18n.messages()[f"err_rule_{key}"]
        if key != "source_needed":  # the page adds "here" for the field next to it
            assert workspace == texts, key


def test_labels_are_loaded_in_the_page_language(session) -> None:  # type: ignore[no-untyped-def]
    assert (
        Labels.load(session, "nl").terms["role.victim"]
        != Labels.load(session, "en").terms["role.victim"]
    )
