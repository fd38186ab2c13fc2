# eval: accuracy measurements. Not part of `make test`, and not gates unless said: each prints its tables.
#
# `make eval`  every labelled text in tests/corpus/*.jsonl through `$(CLI) batch`: per-family and overall TP/FP/FN,
#              recall, precision, the clean-text false-positive rate, misses and false alarms; the table also goes to
#              $(BUILD)/eval.json. Exits 0 whatever the numbers. EVAL_ARGS passes options through, e.g.
#              `make eval EVAL_ARGS='--family wildlife --max-list 20'`.
.PHONY: eval licence-eval licence-eval-browser licence-upload-eval image-fonts image-eval
eval: $(CLI) $(REGISTRY_JS)
	$(Q)$(NODE) tools/eval.mjs --bin $(CLI) --corpus tests/corpus --all --json $(BUILD)/eval.json $(EVAL_ARGS)

# Licence images (the licence check, mk/licence.mk, with PaddleOCR, mk/ocr.mk):
# `make licence-eval` generates the licence test images (headless Chromium) and prints the accuracy table
#                     (LICENCE_EVAL_ARGS, e.g. `--count 54`, `--cases DIR --from 55 --to 90`, `--engine tesseract`)
licence-eval: wasm paddle-assets
	$(Q)$(NODE) tests/licence/eval.mjs --verbose $(LICENCE_EVAL_ARGS)

# the same cases through web/ocr-worker.js in headless Chromium (tools/serve.mjs, production CSP); run after
# licence-eval (which generates the cases); also prints the bytes fetched on first use
licence-eval-browser: wasm paddle-assets
	$(Q)$(NODE) tests/licence/browser-eval.mjs $(LICENCE_EVAL_ARGS)

# licences as merchants upload them (watermark, perspective, rotated, low resolution, shadow, seal): generates
# build/licence-upload-1 (tuning set) and build/licence-upload-2 (held out), 42 cases each, and prints a table
# per seed by condition; LICENCE_UPLOAD_ARGS e.g. `--seeds 2 --verbose`
licence-upload-eval: wasm paddle-assets
	$(Q)$(NODE) tests/licence/eval.mjs --set upload --seeds 1,2 $(LICENCE_UPLOAD_ARGS)

# Product images (商品图片检查: web/image-check.js, web/image-panel.js, `node web/cli.mjs image`):
# `make image-fonts`  installs the decorative web fonts the generator uses (npm @chinese-fonts/jxzk 江西拙楷 and
#                     @chinese-fonts/dyh 得意黑) into build/image-fonts/ (not a project dependency: only the test
#                     images use them; without them the generator uses Debian's Noto CJK and WenQuanYi only)
# `make image-eval`   generates the test images (tests/image/gen.mjs, headless Chromium; seed 1 = tuning set,
#                     seed 2 = tuned on since its misses were read, seed 3 = held out) into build/image-eval/ and prints the accuracy tables (tests/image/eval.mjs,
#                     IMAGE_EVAL_ARGS e.g. `--seeds 2 --count 20 --verbose`); exit 1 when a target is missed
# (their speed: `make image-bench`, mk/bench.mk)
IMAGE_FONTS_DIR := $(BUILD)/image-fonts
image-fonts:
	$(Q)mkdir -p $(IMAGE_FONTS_DIR) && cd $(IMAGE_FONTS_DIR) && { [ -f package.json ] || echo '{"private":true}' > package.json; }
	$(Q)cd $(IMAGE_FONTS_DIR) && [ -d node_modules/@chinese-fonts/jxzk ] && [ -d node_modules/@chinese-fonts/dyh ] || \
	  npm install --no-save --no-audit --no-fund @chinese-fonts/jxzk@1.3.0 @chinese-fonts/dyh@1.4.0

image-eval: wasm paddle-assets image-fonts
	$(Q)$(NODE) tests/image/eval.mjs $(IMAGE_EVAL_ARGS)
