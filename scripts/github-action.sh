#!/usr/bin/env bash
# The step of action.yml that runs racelens. Everything it knows comes from the environment the
# runner sets (GITHUB_*) and the action's inputs (RACELENS_*), so a test can run it as a runner
# would. The work itself is `racelens ci github`; this script turns inputs into its arguments,
# and on `record: true` also records the run in the history store for later baselines.
set -uo pipefail

logs=()
while IFS= read -r line; do
  line="${line#"${line%%[![:space:]]*}"}"
  line="${line%"${line##*[![:space:]]}"}"
  [[ -n "$line" ]] && logs+=("$line")
done <<<"${RACELENS_LOGS:-}"
if ((${#logs[@]} == 0)); then
  echo "::error title=racelens::the 'logs' input is empty: give log files, folders or globs, one per line"
  exit 2
fi

args=(ci github --sarif "${RACELENS_SARIF:-racelens.sarif}")
[[ -n "${RACELENS_BASELINE:-}" ]] && args+=(--baseline "$RACELENS_BASELINE")
[[ -n "${RACELENS_KNOWN:-}" ]] && args+=(--known "$RACELENS_KNOWN")
[[ -n "${RACELENS_CONFIG:-}" ]] && args+=(--config "$RACELENS_CONFIG")
while IFS= read -r file; do
  [[ -n "$file" ]] && args+=(--suppressions "$file")
done <<<"${RACELENS_SUPPRESSIONS:-}"
[[ -n "${RACELENS_SOURCE_ROOT:-}" ]] && args+=(--source-root "$RACELENS_SOURCE_ROOT")

racelens "${args[@]}" -- "${logs[@]}"
status=$?

# Recording happens after the gate, so a run never counts as its own baseline; and whatever
# the gate said, so the base branch's history stays whole.
if [[ "${RACELENS_RECORD:-false}" == "true" && $status -ne 2 ]]; then
  racelens ingest --branch "${GITHUB_REF_NAME:-unknown}" ${GITHUB_SHA:+--commit "$GITHUB_SHA"} -- "${logs[@]}" ||
    echo "::warning title=racelens::could not record this run in the history store"
fi
exit $status
