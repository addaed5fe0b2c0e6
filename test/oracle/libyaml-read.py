#!/usr/bin/env python3
"""The oracle for test/reader-oracle.test.ts: libyaml (PyYAML's CSafeLoader) reads each file.

libyaml is the C library go-yaml v2 was ported from; the API server reads manifests with go-yaml
v2. libyaml decides what is YAML and what each document's structure is; the scalar rules below
are go-yaml v2's (resolve.go), not PyYAML's YAML 1.1 defaults, which differ on purpose in a few
places: PyYAML has base-60 numbers (`1:30` is 90) and timestamps, needs a dot in a float (`1e3`
is a string), and has no `y`/`n` booleans. Duplicate keys are reported, not resolved.

Input: one file path per line on stdin, or with --texts one JSON string (a file's text) per line. Output: one JSON line per file:
  {"docs": [value, ...], "error": null | {"doc": index, "line": n, "message": "..."}}
Values are JSON with floats that JSON lacks written as {"float": "inf" | "-inf" | "nan"}.
"""
import json
import math
import re
import sys

import yaml

NULLS = {"~", "null", "Null", "NULL", ""}
TRUE = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}
FALSE = {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}
SPECIAL = {**{w: math.inf for w in [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]},
           **{w: -math.inf for w in ["-.inf", "-.Inf", "-.INF"]},
           **{w: math.nan for w in [".nan", ".NaN", ".NAN"]}}
FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
INTEGER = re.compile(r"^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$")


def resolve_plain(text):
    if text in NULLS:
        return None
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    if text in SPECIAL:
        return SPECIAL[text]
    if text[:1] in "+-0123456789.":
        plain = text if text.startswith(".") else text.replace("_", "")
        if INTEGER.match(plain):
            sign = -1 if plain.startswith("-") else 1
            digits = plain.lstrip("+-")
            if digits[:2] in ("0x", "0X"):
                return sign * int(digits[2:], 16)
            if digits[:2] in ("0b", "0B"):
                return sign * int(digits[2:], 2)
            if digits[:2] in ("0o", "0O"):
                return sign * int(digits[2:], 8)
            if len(digits) > 1 and digits.startswith("0"):
                return sign * int(digits[1:], 8)
            return sign * int(digits)
        if FLOAT.match(plain):
            return float(plain)
    return text


class Duplicate(Exception):
    def __init__(self, mark):
        super().__init__("duplicated mapping key")
        self.problem_mark = mark


class Loader(yaml.CSafeLoader):
    """libyaml's parser; every plain scalar resolved by go-yaml's rules (tagged str, resolved below)."""


Loader.yaml_implicit_resolvers = {}
Loader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])


def construct_mapping(loader, node):
    seen = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        key = json.dumps(jsonable(key), sort_keys=True)
        if key in seen:
            raise Duplicate(key_node.start_mark)
        seen.add(key)
    loader.flatten_mapping(node)
    result = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key_text(key)] = loader.construct_object(value_node, deep=True)
    return result


Loader.add_constructor("tag:yaml.org,2002:map", construct_mapping)


def plain_str(loader, node):
    value = loader.construct_scalar(node)
    return resolve_plain(value) if node.style in (None, "") else value


Loader.add_constructor("tag:yaml.org,2002:str", plain_str)


def explicit(resolver):
    def construct(loader, node):
        return resolver(loader.construct_scalar(node))
    return construct


Loader.add_constructor("tag:yaml.org,2002:int", explicit(resolve_plain))
Loader.add_constructor("tag:yaml.org,2002:float", explicit(resolve_plain))
Loader.add_constructor("tag:yaml.org,2002:bool", explicit(resolve_plain))
Loader.add_constructor("tag:yaml.org,2002:null", lambda loader, node: None)


def key_text(key):
    """A mapping key as JavaScript names an object's property: `y: 1` has the key true, named "true"."""
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, dict):
        return "[object Object]"
    if isinstance(key, list):
        return ",".join(key_text(item) for item in key)
    if isinstance(key, float):
        if math.isnan(key):
            return "NaN"
        if math.isinf(key):
            return "Infinity" if key > 0 else "-Infinity"
        return str(int(key)) if key.is_integer() else repr(key)
    return str(key)


def jsonable(value):
    if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
        return {"float": "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")}
    if isinstance(value, bool) or value is None or isinstance(value, (int, float, str)):
        return value
    if isinstance(value, (bytes, bytearray)):
        return {"binary": len(value)}
    if isinstance(value, list):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key_text(key): jsonable(item) for key, item in value.items()}
    return str(value)


def read(path=None, data=None):
    docs = []
    try:
        if data is None:
            with open(path, "rb") as handle:
                data = handle.read()
        for doc in yaml.load_all(data, Loader=Loader):
            docs.append(jsonable(doc))
        return {"docs": docs, "error": None}
    except (yaml.YAMLError, Duplicate, UnicodeDecodeError, ValueError) as error:
        mark = getattr(error, "problem_mark", None)
        return {"docs": docs, "error": {"doc": len(docs), "line": mark.line + 1 if mark else 0, "message": str(error).split("\n")[0]}}
    except RecursionError:
        return {"docs": docs, "error": {"doc": len(docs), "line": 0, "message": "too deep"}}


def main():
    sys.setrecursionlimit(10000)
    texts = "--texts" in sys.argv
    for line in sys.stdin:
        line = line.rstrip("\n")
        if line:
            result = read(data=json.loads(line)) if texts else read(path=line)
            sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
