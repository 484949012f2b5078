"""Read the rule set file as people write it, and fingerprint its content."""

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml


class RulesInvalid(Exception):
    """The rule set has errors; `errors` names the rule and the field of each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} error(s) in the rule set")
        self.errors = errors


class _Loader(yaml.SafeLoader):
    """YAML as people write rules: `yes`/`no` stay words and `12_17` stays a code."""


_NOT_IMPLICIT = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int")
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _NOT_IMPLICIT]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|false|False)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)


def _mapping_without_duplicates(loader: _Loader, node: yaml.MappingNode) -> dict[Any, Any]:
    # YAML quietly keeps the last of two equal keys; in a rule that would drop a condition.
    keys = [loader.construct_object(key) for key, _ in node.value]
    for key in keys:
        if keys.count(key) > 1:
            raise yaml.constructor.ConstructorError(
                None, None, f"'{key}' appears twice in one mapping", node.start_mark
            )
    return loader.construct_mapping(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def read(path: Path) -> dict[str, Any]:
    """The raw rule set document of a YAML file."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        raise RulesInvalid([f"{path.name}: cannot be read as YAML: {exc}"]) from exc
    if not isinstance(data, dict):
        raise RulesInvalid([f"{path.name}: expected a mapping with version, settings and rules"])
    return data


def checksum(document: Mapping[str, Any]) -> str:
    """A stable fingerprint of the rule set's content."""
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
