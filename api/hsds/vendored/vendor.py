"""Copy the HSDS 3.0 schema files the tests validate against from a checkout of the Open
Referral specification, shrinking the one large compiled file without changing its meaning.

Usage: python api/hsds/vendored/vendor.py /path/to/hsds   (the folder holding compiled/,
openapi.json and LICENSE). `--check` only verifies that the vendored files are faithful.

The upstream compiled `organization.json` (3.4 MB) repeats the same nested object schemas
hundreds of times. `deduplicate` moves every object schema that occurs more than once into
`$defs` and points to it with `$ref`; expanding the refs gives back the original byte for byte
(checked here), so validating against the small file is validating against the original.
"""

import json
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
COPIED = [
    ("compiled/service_with_definitions.json", "service_with_definitions.json"),
    ("compiled/service_list.json", "service_list.json"),
    ("compiled/organization_list.json", "organization_list.json"),
    ("openapi.json", "openapi.json"),
    ("LICENSE", "LICENSE"),
]
DEDUPLICATED = [("compiled/organization.json", "organization_with_definitions.json")]


def _key(node: Any) -> str:
    return json.dumps(node, sort_keys=True)


def _object_schemas(node: Any, counts: Counter[str], top: bool = True) -> None:
    if isinstance(node, dict):
        if not top and "properties" in node:
            counts[_key(node)] += 1
        for value in node.values():
            _object_schemas(value, counts, top=False)
    elif isinstance(node, list):
        for value in node:
            _object_schemas(value, counts, top=False)


def deduplicate(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with each repeated nested object schema moved into `$defs`."""
    counts: Counter[str] = Counter()
    _object_schemas(schema, counts)
    names: dict[str, str] = {}
    defs: dict[str, Any] = {}

    def name_of(node: dict[str, Any]) -> str:
        key = _key(node)
        if key not in names:
            base = str(node.get("name", "object"))
            name, number = base, 2
            while name in defs:
                name, number = f"{base}_{number}", number + 1
            names[key] = name
            defs[name] = None  # reserve the name before recursing
            defs[name] = replace(node, top=True)
        return names[key]

    def replace(node: Any, top: bool = False) -> Any:
        if isinstance(node, dict):
            if not top and "properties" in node and counts[_key(node)] > 1:
                return {"$ref": f"#/$defs/{name_of(node)}"}
            return {k: replace(v) for k, v in node.items()}
        if isinstance(node, list):
            return [replace(v) for v in node]
        return node

    result = replace(schema, top=True)
    result["$defs"] = defs
    return result


def expand(schema: dict[str, Any]) -> dict[str, Any]:
    """The inverse of `deduplicate`: every `$ref` into `$defs` replaced by its target."""
    defs = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
                return walk(defs[ref.removeprefix("#/$defs/")])
            return {k: walk(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


def check(source: Path) -> list[str]:
    """Differences between the vendored files and the upstream ones (empty when faithful)."""
    problems = []
    for upstream, vendored in COPIED:
        if (source / upstream).read_bytes() != (HERE / vendored).read_bytes():
            problems.append(f"{vendored} differs from {upstream}")
    for upstream, vendored in DEDUPLICATED:
        original = json.loads((source / upstream).read_text(encoding="utf-8"))
        small = json.loads((HERE / vendored).read_text(encoding="utf-8"))
        if expand(small) != original:
            problems.append(f"{vendored} does not expand to {upstream}")
    return problems


def vendor(source: Path) -> None:
    for upstream, vendored in COPIED:
        shutil.copyfile(source / upstream, HERE / vendored)
    for upstream, vendored in DEDUPLICATED:
        original = json.loads((source / upstream).read_text(encoding="utf-8"))
        text = json.dumps(deduplicate(original), indent=1, ensure_ascii=False) + "\n"
        (HERE / vendored).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--check"]
    if len(arguments) != 1:
        sys.exit(__doc__)
    source_dir = Path(arguments[0])
    if "--check" not in sys.argv:
        vendor(source_dir)
    found = check(source_dir)
    print("\n".join(found) or "The vendored HSDS schemas match the upstream files.")
    sys.exit(1 if found else 0)
