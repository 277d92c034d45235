"""Checks `losslab schema` with an independent JSON Schema validator (Debian's python3-jsonschema).

    check_schema.py SCHEMA.json VALID_DIR INVALID_DIR

The schema must be valid draft 2020-12; every file in VALID_DIR must pass it, every file in INVALID_DIR
must fail it, each with an error at the key its name gives (lr.json: an error at "lr")."""
import json
import pathlib
import sys

import jsonschema

schema = json.loads(pathlib.Path(sys.argv[1]).read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
problems = []
for path in sorted(pathlib.Path(sys.argv[2]).glob("*.json")):
    errors = list(validator.iter_errors(json.loads(path.read_text())))
    if errors:
        problems.append(f"{path.name}: should pass, got {[e.message for e in errors]}")
for path in sorted(pathlib.Path(sys.argv[3]).glob("*.json")):
    key = path.name[: -len(".json")]
    errors = list(validator.iter_errors(json.loads(path.read_text())))
    # An error names the key by its path, or (unknown keys, keys another loss owns) in its message.
    named = [e for e in errors if key in [str(p) for p in e.absolute_path] or repr(key) in e.message]
    if not named:
        problems.append(f"{path.name}: should fail naming '{key}', got {[e.message for e in errors]}")
print("\n".join(problems) or "schema: all files checked")
sys.exit(1 if problems else 0)
