#!/usr/bin/env bash
# How a CI job uses rnn: train within a time budget, fail the job if the model is worse than a quality
# gate on text it did not train on, then publish a sample. Runs in the test suite (ExampleScriptTest)
# with a tiny model, and the README shows it from `set -euo pipefail` on, line for line.
#
#   examples/train-gate-sample.sh [CORPUS [HELD_OUT]]      (env: MAX_BPC, BUDGET, TRAIN_FLAGS, RNN)
#
# Without HELD_OUT, the corpus's last tenth of lines is held out: trained on neither as text nor as
# validation, and scored by the gate.
set -euo pipefail
rnn=${RNN:-$([ -x ./rnn ] && echo ./rnn || echo rnn)}  # a clone's launcher, else rnn on PATH
corpus=${1:-corpora/tinyshakespeare.txt}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if [ -n "${2:-}" ]; then
  held_out=$2
else
  lines=$(wc -l < "$corpus")
  head -n $((lines * 9 / 10)) "$corpus" > "$dir/train.txt"
  tail -n +$((lines * 9 / 10 + 1)) "$corpus" > "$dir/held-out.txt"
  corpus=$dir/train.txt held_out=$dir/held-out.txt
fi

# shellcheck disable=SC2086 # TRAIN_FLAGS are words
$rnn train "$corpus" --checkpoint-dir "$dir/run" --max-time "${BUDGET:-10m}" --quiet ${TRAIN_FLAGS:-}

# Machine-readable facts about the model (jq is optional; grep would do).
$rnn info "$dir/run" --json > "$dir/info.json"
echo "trained $(grep -o '"step":[0-9]*' "$dir/info.json")" >&2

# The gate: eval exits 3 when bits/char exceed --max-bpc; any other failure fails the job as it is.
status=0
$rnn eval "$held_out" -c "$dir/run" --json --max-bpc "${MAX_BPC:-2.5}" > "$dir/eval.json" || status=$?
if [ "$status" -eq 3 ]; then
  echo "quality gate failed: $(cat "$dir/eval.json")" >&2
  exit 1
elif [ "$status" -ne 0 ]; then
  exit "$status"
fi

$rnn sample -c "$dir/run" --length 300 --temperature 0.8 --seed 1
