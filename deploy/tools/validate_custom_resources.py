#!/usr/bin/env python3
"""Validates the custom resources of rendered manifests against their CRD
schemas, and writes the other (built-in) resources to a file of their own
for kubernetes-validate, which knows no CRD.

The schemas come as typed models generated from the CRDs and published on
PyPI: cloudcoil-models-prometheus-operator (PodMonitor, PrometheusRule, ...)
and cloudcoil-models-cert-manager (Certificate, ...). A model checks types,
required fields and enumerations; a field the schema does not define is
dropped by the model, so a document is also compared with the model's
rendering of it, and any field lost on the way is an error, as
`kubernetes-validate --strict` makes it for built-in kinds.

Usage: validate_custom_resources.py BUILTIN_OUT MANIFEST...
"""

import sys
from pathlib import Path

import pydantic
import yaml
from cloudcoil.models.cert_manager import v1 as cert_manager_v1
from cloudcoil.models.prometheus_operator import v1 as prometheus_operator_v1

# API groups whose kinds are custom resources validated here; every other
# resource goes to BUILTIN_OUT.
CUSTOM_GROUPS = {
    "monitoring.coreos.com": {"v1": prometheus_operator_v1},
    "cert-manager.io": {"v1": cert_manager_v1},
}


def unknown_fields(given, kept, path=""):
    """Paths present in `given` but not in `kept` (the model's rendering)."""
    if isinstance(given, dict):
        if not isinstance(kept, dict):
            return []
        lost = []
        for key, value in given.items():
            where = f"{path}.{key}" if path else key
            if key not in kept:
                lost.append(where)
            else:
                lost += unknown_fields(value, kept[key], where)
        return lost
    if isinstance(given, list) and isinstance(kept, list):
        lost = []
        for i, (a, b) in enumerate(zip(given, kept)):
            lost += unknown_fields(a, b, f"{path}[{i}]")
        return lost
    return []


def validate(document: dict) -> list[str]:
    group, _, version = document["apiVersion"].rpartition("/")
    module = CUSTOM_GROUPS[group].get(version)
    model = getattr(module, document["kind"], None) if module else None
    if model is None:
        return [f"no schema for {document['apiVersion']} {document['kind']}"]
    try:
        parsed = model.model_validate(document)
    except pydantic.ValidationError as e:
        return [str(e)]
    kept = parsed.model_dump(by_alias=True, exclude_unset=True, mode="json")
    return [f"unknown field {path}" for path in unknown_fields(document, kept)]


def main() -> int:
    builtin_out, manifests = Path(sys.argv[1]), sys.argv[2:]
    builtin, failures, checked = [], 0, 0
    for manifest in manifests:
        for document in yaml.safe_load_all(Path(manifest).read_text()):
            if not document:
                continue
            group = document.get("apiVersion", "").rpartition("/")[0]
            if group not in CUSTOM_GROUPS:
                builtin.append(document)
                continue
            checked += 1
            name = f"{manifest}: {document['kind']} {document['metadata'].get('name')}"
            problems = validate(document)
            for problem in problems:
                print(f"{name}: {problem}", file=sys.stderr)
            failures += bool(problems)
            if not problems:
                print(f"{name}: valid")
    builtin_out.write_text(yaml.safe_dump_all(builtin, sort_keys=False))
    print(f"{checked} custom resources checked, {failures} invalid; "
          f"{len(builtin)} built-in resources left for kubernetes-validate")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
