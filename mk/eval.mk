# --- eval (owner: corpus/eval engineer) --------------------------------------------------------------
# `make eval`: run every labelled text in tests/corpus/*.jsonl through `$(CLI) batch` and print per-family
# and overall TP/FP/FN, recall, precision, the clean-text false-positive rate, misses and false alarms;
# the table also goes to $(BUILD)/eval.json. A measurement, not a gate: it exits 0 whatever the numbers.
# EVAL_ARGS passes options through, e.g. `make eval EVAL_ARGS='--family wildlife --max-list 20'`.
.PHONY: eval
eval: $(CLI) $(REGISTRY_JS)
	$(Q)$(NODE) tools/eval.mjs --bin $(CLI) --corpus tests/corpus --all --json $(BUILD)/eval.json $(EVAL_ARGS)
# --- end eval ----------------------------------------------------------------------------------------
