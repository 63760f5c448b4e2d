#!/usr/bin/env bash
# Prints the PrometheusRule of components/prometheus-rules, made from
# stage-scorer.rules.yaml: its `groups:` become `spec.groups`, comments and
# all. After editing the rules, regenerate (from the repository root) with
#   bash deploy/observability/render-prometheus-rule.sh \
#     > deploy/components/prometheus-rules/prometheusrule.yaml
# CI fails when the committed PrometheusRule differs from this output.
set -euo pipefail
cd "$(dirname "$0")"

cat <<'HEADER'
# GENERATED from deploy/observability/stage-scorer.rules.yaml by
# deploy/observability/render-prometheus-rule.sh: edit the rules file and
# regenerate, never this file.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: stage-scorer
  labels:
    app.kubernetes.io/name: stage-scorer
    app.kubernetes.io/component: server
spec:
HEADER
# From `groups:` on, indented two spaces (blank lines stay empty).
sed -n '/^groups:/,$p' stage-scorer.rules.yaml | sed 's/^\(.\)/  \1/'
