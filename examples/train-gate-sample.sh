#!/usr/bin/env bash
# How a CI job uses rnn: train within a time budget, fail the job if the model is worse than a quality
# gate, then publish a sample. Runs in the test suite (ExampleScriptTest) with a tiny model.
#
#   examples/train-gate-sample.sh CORPUS HELD_OUT        (env: MAX_BPC, BUDGET, TRAIN_FLAGS, RNN)
set -euo pipefail
rnn=${RNN:-./rnn}
corpus=${1:-corpora/tinyshakespeare.txt}
held_out=${2:-$corpus}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

$rnn train "$corpus" --checkpoint-dir "$dir" --max-time "${BUDGET:-10m}" --quiet ${TRAIN_FLAGS:-}

# Machine-readable facts about the model (jq is optional; grep would do).
$rnn info "$dir/best.ckpt" --json > "$dir/info.json"
echo "trained $(grep -o '"step":[0-9]*' "$dir/info.json")" >&2

# The gate: eval exits 3 when bits/char exceed --max-bpc.
status=0
$rnn eval "$held_out" -c "$dir/best.ckpt" --json --max-bpc "${MAX_BPC:-2.5}" > "$dir/eval.json" || status=$?
if [ "$status" -eq 3 ]; then
  echo "quality gate failed: $(cat "$dir/eval.json")" >&2
  exit 1
elif [ "$status" -ne 0 ]; then
  exit "$status"
fi

$rnn sample -c "$dir/best.ckpt" --length 300 --temperature 0.8 --seed 1
