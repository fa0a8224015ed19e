#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Validates messages against docs/schemas/*.schema.json (JSON Schema draft 2020-12).

Called by message_schema_test.cpp with Debian's python3-jsonschema (there is no JSON Schema
validator for C++ in Debian). Two sources of samples:
  --samples FILE   lines "<schema name>\t<valid|invalid>\t<json>" made by the encoder
  --docs FILE      every ```json block in docs/messages.md preceded by <!-- schema: NAME -->
Prints one line per mismatch and exits 1 when there is any.
"""
import argparse
import json
import pathlib
import re
import sys

import jsonschema


def load_schemas(directory):
    schemas = {}
    for path in sorted(pathlib.Path(directory).glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        schemas[path.name[: -len(".schema.json")]] = schema
    return schemas


def validator_for(schemas, name):
    store = {s["$id"]: s for s in schemas.values()}
    schema = schemas[name]
    resolver = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=store)
    return jsonschema.Draft202012Validator(schema, resolver=resolver)


def docs_samples(path):
    text = pathlib.Path(path).read_text(encoding="utf-8")
    pattern = re.compile(r"<!--\s*schema:\s*([a-z]+)\s*(invalid)?\s*-->\s*```json\n(.*?)```", re.S)
    for match in pattern.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        yield f"{path}:{line}", match.group(1), match.group(2) is None, match.group(3)


def file_samples(path):
    for number, line in enumerate(pathlib.Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        name, expect, payload = line.split("\t", 2)
        yield f"{path}:{number}", name, expect == "valid", payload


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("schema_dir")
    parser.add_argument("--samples")
    parser.add_argument("--docs")
    args = parser.parse_args()
    schemas = load_schemas(args.schema_dir)
    samples = []
    if args.samples:
        samples += list(file_samples(args.samples))
    if args.docs:
        samples += list(docs_samples(args.docs))
    failures = 0
    seen = set()
    for where, name, expect_valid, payload in samples:
        seen.add(name)
        if name not in schemas:
            print(f"{where}: no schema named {name!r}")
            failures += 1
            continue
        try:
            instance = json.loads(payload)
        except json.JSONDecodeError as e:
            print(f"{where}: not JSON: {e}")
            failures += 1
            continue
        errors = sorted(validator_for(schemas, name).iter_errors(instance), key=str)
        if expect_valid and errors:
            for e in errors:
                path = "/".join(str(p) for p in e.absolute_path)
                print(f"{where}: {name}: /{path}: {e.message}")
            failures += 1
        elif not expect_valid and not errors:
            print(f"{where}: {name}: expected to be invalid, but it validates")
            failures += 1
    print(f"{len(samples)} samples, {len(seen)} schemas used, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
