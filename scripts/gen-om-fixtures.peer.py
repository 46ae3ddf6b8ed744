#!/usr/bin/python3
"""The OpenMetrics parser of the Python client as a peer for promkit's tests.

Reads file paths (arguments, or one per line on stdin with --stdin) and prints
one JSON object per file, in order, one per line:

  {"file": PATH, "ok": true, "families": [FAMILY...]}
  {"file": PATH, "ok": false, "error": "ValueError: ..."}

FAMILY = {"name", "type", "help", "unit", "samples": [SAMPLE...]}
SAMPLE = {"name", "labels": [[name, value]...] (input order), "value",
          "timestamp", "exemplar": null | {"labels", "value", "timestamp"}}

Numbers are strings so that NaN, infinities and large integers survive JSON:
values as Python's str() of the int or repr() of the float; timestamps as the
exact decimal sec + nsec / 10^9 for Timestamp objects or repr() of a float;
null when absent. The parser is prometheus_client.openmetrics.parser (Debian
package python3-prometheus-client); the input is decoded as UTF-8, and an input
that is not UTF-8 is reported as an error. Used by scripts/gen-om-fixtures.mjs
and test/compat/openmetrics-python.test.ts.
"""
import json
import sys
from decimal import Decimal

from prometheus_client.openmetrics.parser import text_string_to_metric_families
from prometheus_client.samples import Timestamp


def number(v):
    if isinstance(v, bool):
        return str(int(v))
    if isinstance(v, int):
        return str(v)
    return repr(float(v))


def timestamp(t):
    if t is None:
        return None
    if isinstance(t, Timestamp):
        return format(Decimal(t.sec) + Decimal(t.nsec) / Decimal(10**9), "f")
    return repr(float(t))


def exemplar(e):
    if e is None:
        return None
    return {"labels": [[k, v] for k, v in e.labels.items()], "value": number(e.value), "timestamp": timestamp(e.timestamp)}


def family(m):
    return {
        "name": m.name,
        "type": m.type,
        "help": m.documentation,
        "unit": m.unit,
        "samples": [
            {
                "name": s.name,
                "labels": [[k, v] for k, v in s.labels.items()],
                "value": number(s.value),
                "timestamp": timestamp(s.timestamp),
                "exemplar": exemplar(s.exemplar),
            }
            for s in m.samples
        ],
    }


def parse_file(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("utf-8")
        families = [family(m) for m in text_string_to_metric_families(text)]
    except Exception as e:  # the parser raises ValueError, KeyError, IndexError... on bad input
        return {"file": path, "ok": False, "error": "%s: %s" % (type(e).__name__, e)}
    return {"file": path, "ok": True, "families": families}


def main():
    paths = sys.argv[1:]
    if paths == ["--stdin"]:
        paths = [line.rstrip("\n") for line in sys.stdin if line.strip()]
    for path in paths:
        sys.stdout.write(json.dumps(parse_file(path), ensure_ascii=True, sort_keys=False) + "\n")


if __name__ == "__main__":
    main()
