#!/usr/bin/env python3
"""Checks the Grafana dashboard and the Prometheus rules of stage-scorer
beyond what promtool does on its own:

- the dashboard parses, takes its data source from a `datasource` variable
  (no data source of a particular Grafana in it), filters on `namespace` and
  `pod` variables, and every PromQL query it makes (panels and variables)
  parses (promtool) and names only metrics listed in metric-names.txt; each
  metric the service exports is on it;
- every alert has a `severity` of critical or warning, a summary, a
  description and a runbook_url pointing at its own heading in the README
  ("README.md#<alert name in lower case>"), names only listed or recorded
  metrics, and is expected to fire in one unit test and not to fire in
  another; when README.md has an "Alerts" section (`##` or `###`), it has a
  heading named after every alert, one level or more below.

Usage: check_observability.py REPO_ROOT (needs PyYAML and promtool).
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

OBSERVABILITY = Path("deploy/observability")
RULES = OBSERVABILITY / "stage-scorer.rules.yaml"
METRIC_NAMES = OBSERVABILITY / "metric-names.txt"
DASHBOARD = Path("deploy/components/grafana-dashboard/stage-scorer-dashboard.json")
README = Path("README.md")

# Values put in for Grafana's variables so that promtool can parse a query.
GRAFANA_VARIABLES = {
    "__rate_interval": "5m",
    "__interval": "1m",
    "__range": "1h",
    "namespace": "stage-scorer",
    "pod": ".+",
    "method": ".+",
}
PROMQL_KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool",
    "offset", "and", "or", "unless", "atan2", "inf", "nan",
}
SEVERITIES = {"critical", "warning"}

errors: list[str] = []


def error(message: str) -> None:
    errors.append(message)


def allowed_metrics() -> tuple[set[str], set[str]]:
    """(every queryable series name, the names the service exports)."""
    names, exported = set(), set()
    for line in METRIC_NAMES.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, kind, source = line.split()
        series = {name}
        if kind == "histogram":
            series = {f"{name}_bucket", f"{name}_count", f"{name}_sum"}
        names |= series
        if source == "service":
            exported.add(name)
    return names, exported


def substitute_grafana_variables(expr: str) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1) or match.group(2)
        if name not in GRAFANA_VARIABLES:
            error(f"dashboard: unknown variable ${name} in {expr!r}")
            return "x"
        return GRAFANA_VARIABLES[name]

    return re.sub(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)", value, expr)


def metric_names(expr: str) -> set[str]:
    """The series names a PromQL expression selects."""
    text = re.sub(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`[^`]*`', '""', expr)
    text = re.sub(r"\{[^}]*\}", " ", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", " ", text)  # ranges and subqueries
    text = re.sub(
        r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text
    )
    names = set()
    for match in re.finditer(r"(?<![\w:.])([A-Za-z_:][\w:]*)", text):
        name = match.group(1)
        following = text[match.end():].lstrip()
        if following.startswith("(") or name.lower() in PROMQL_KEYWORDS:
            continue
        names.add(name)
    return names


def check_promql_syntax(expressions: dict[str, str]) -> None:
    """Parses expressions with promtool, as recording rules of a scratch file."""
    rules = [
        {"record": f"dashboard_query_{i}", "expr": expr}
        for i, expr in enumerate(expressions.values())
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".yaml") as scratch:
        yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}, scratch)
        scratch.flush()
        result = subprocess.run(
            ["promtool", "check", "rules", scratch.name],
            capture_output=True,
            text=True,
        )
    if result.returncode != 0:
        for where, expr in expressions.items():
            single = subprocess.run(
                ["promtool", "check", "rules", "/dev/stdin"],
                input=yaml.safe_dump(
                    {"groups": [{"name": "q", "rules": [{"record": "q", "expr": expr}]}]}
                ),
                capture_output=True,
                text=True,
            )
            if single.returncode != 0:
                error(f"dashboard: {where}: PromQL does not parse: {expr!r}\n{single.stdout}{single.stderr}")


def panels(dashboard: dict):
    for panel in dashboard.get("panels", []):
        yield panel
        yield from panel.get("panels", [])


def check_dashboard(allowed: set[str], exported: set[str]) -> int:
    dashboard = json.loads(DASHBOARD.read_text())
    for key in ("uid", "title", "schemaVersion", "panels", "templating"):
        if key not in dashboard:
            error(f"dashboard: no {key!r}")
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    datasource = variables.get("datasource", {})
    if datasource.get("type") != "datasource" or datasource.get("query") != "prometheus":
        error("dashboard: no variable `datasource` of type datasource for Prometheus")
    for name in ("namespace", "pod"):
        if variables.get(name, {}).get("type") != "query":
            error(f"dashboard: no query variable `{name}`")

    expressions: dict[str, str] = {}
    for name, variable in variables.items():
        if variable.get("type") != "query":
            continue
        query = variable["query"]["query"] if isinstance(variable["query"], dict) else variable["query"]
        match = re.fullmatch(r"\s*label_values\((.*),\s*\w+\s*\)\s*", query, re.S)
        expressions[f"variable {name}"] = match.group(1) if match else query

    ids = set()
    for panel in panels(dashboard):
        title = panel.get("title", "?")
        if panel.get("id") in ids:
            error(f"dashboard: panel id {panel.get('id')} used twice")
        ids.add(panel.get("id"))
        if panel.get("type") == "row":
            continue
        if panel.get("datasource") != {"type": "prometheus", "uid": "${datasource}"}:
            error(f"dashboard: panel {title!r} does not use the datasource variable")
        if not panel.get("targets"):
            error(f"dashboard: panel {title!r} has no query")
        for target in panel.get("targets", []):
            if target.get("datasource") not in (None, panel.get("datasource")):
                error(f"dashboard: panel {title!r} query {target.get('refId')} has its own data source")
            expr = target.get("expr", "")
            if '$pod' not in expr and 'namespace="$namespace"' not in expr:
                error(f"dashboard: panel {title!r} query {target.get('refId')} ignores the namespace")
            expressions[f"panel {title!r} query {target.get('refId')}"] = expr

    used: set[str] = set()
    substituted = {}
    for where, expr in expressions.items():
        plain = substitute_grafana_variables(expr)
        substituted[where] = plain
        names = metric_names(plain)
        used |= names
        for name in sorted(names - allowed):
            error(f"dashboard: {where} queries {name}, which is not in {METRIC_NAMES}")
    check_promql_syntax(substituted)
    for name in sorted(exported):
        if not any(u == name or u.startswith(name + "_") for u in used):
            error(f"dashboard: shows nothing of {name}, which the service exports")
    return len(expressions)


def alert_tests() -> dict[str, set[bool]]:
    """For each alert name, whether unit tests expect it firing, not firing."""
    seen: dict[str, set[bool]] = {}
    for test_file in sorted(OBSERVABILITY.glob("*.test.yaml")):
        for test in yaml.safe_load(test_file.read_text()).get("tests", []):
            for case in test.get("alert_rule_test", []):
                seen.setdefault(case["alertname"], set()).add(bool(case.get("exp_alerts")))
    return seen


def readme_alert_headings() -> set[str] | None:
    if not README.exists():
        return None
    text = README.read_text()
    heading = re.search(r"^(#{2,3}) Alerts\s*$", text, re.M)
    if not heading:
        return None
    level = len(heading.group(1))
    # The section runs to the next heading of its level or above.
    end = re.compile(rf"^#{{1,{level}}} ", re.M).search(text, heading.end())
    section = text[heading.end():end.start() if end else len(text)]
    return set(re.findall(rf"^#{{{level + 1},6}} (\S+)\s*$", section, re.M))


def check_rules(allowed: set[str]) -> int:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    rules = [rule for group in groups for rule in group["rules"]]
    recorded = {rule["record"] for rule in rules if "record" in rule}
    tests = alert_tests()
    headings = readme_alert_headings()
    alerts = [rule for rule in rules if "alert" in rule]
    for rule in rules:
        what = rule.get("alert") or rule.get("record")
        for name in sorted(metric_names(rule["expr"]) - allowed - recorded):
            error(f"rules: {what} queries {name}, which is neither in {METRIC_NAMES} nor recorded")
    for rule in alerts:
        name = rule["alert"]
        labels = rule.get("labels", {})
        annotations = rule.get("annotations", {})
        if labels.get("severity") not in SEVERITIES:
            error(f"rules: {name} has severity {labels.get('severity')!r}, not one of {sorted(SEVERITIES)}")
        for key in ("summary", "description"):
            if not annotations.get(key, "").strip():
                error(f"rules: {name} has no {key}")
        if annotations.get("runbook_url") != f"README.md#{name.lower()}":
            error(f"rules: {name} has runbook_url {annotations.get('runbook_url')!r}, not README.md#{name.lower()}")
        expected = tests.get(name, set())
        if True not in expected:
            error(f"rules: no unit test expects {name} to fire")
        if False not in expected:
            error(f"rules: no unit test expects {name} to stay silent")
        if headings is not None and name not in headings:
            error(f"README: the Alerts section has no heading for {name}")
    for name in sorted(set(tests) - {rule["alert"] for rule in alerts}):
        error(f"tests: {name} is tested but no rule defines it")
    return len(alerts)


def main() -> int:
    os.chdir(sys.argv[1] if len(sys.argv) > 1 else ".")
    allowed, exported = allowed_metrics()
    queries = check_dashboard(allowed, exported)
    alerts = check_rules(allowed)
    for message in errors:
        print(message, file=sys.stderr)
    if errors:
        return 1
    print(f"dashboard: {queries} queries parse and use known metrics; "
          f"rules: {alerts} alerts with severity, summary, description, runbook and tests both ways")
    return 0


if __name__ == "__main__":
    sys.exit(main())
