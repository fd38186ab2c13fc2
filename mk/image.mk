# --- product image check (商品图片检查: web/image-check.js, web/image-panel.js, `node web/cli.mjs image`) -------
# `make image-fonts`  installs the decorative web fonts the generator uses (npm @chinese-fonts/jxzk 江西拙楷 and
#                     @chinese-fonts/dyh 得意黑) into build/image-fonts/ (not a project dependency: only the test
#                     images use them; without them the generator uses Debian's Noto CJK and WenQuanYi only)
# `make image-eval`   generates the test images (tests/image/gen.mjs, headless Chromium; seed 1 = tuning set,
#                     seed 2 = held out) into build/image-eval/ and prints the accuracy tables (tests/image/eval.mjs,
#                     IMAGE_EVAL_ARGS e.g. `--seeds 2 --count 20 --verbose`); exit 1 when a target is missed
# `make image-bench`  speed and worker memory in headless Chromium (tests/image/bench.mjs): a 1080 × 1500 poster,
#                     a 790 × 6,000 and a 790 × 20,000 long image through the page's OCR worker, models cached
IMAGE_FONTS_DIR := $(BUILD)/image-fonts

.PHONY: image-fonts image-eval image-bench
image-fonts:
	$(Q)mkdir -p $(IMAGE_FONTS_DIR) && cd $(IMAGE_FONTS_DIR) && { [ -f package.json ] || echo '{"private":true}' > package.json; }
	$(Q)cd $(IMAGE_FONTS_DIR) && [ -d node_modules/@chinese-fonts/jxzk ] && [ -d node_modules/@chinese-fonts/dyh ] || \
	  npm install --no-save --no-audit --no-fund @chinese-fonts/jxzk@1.3.0 @chinese-fonts/dyh@1.4.0

image-eval: wasm paddle-assets image-fonts
	$(Q)$(NODE) tests/image/eval.mjs $(IMAGE_EVAL_ARGS)

image-bench: wasm paddle-assets image-fonts
	$(Q)$(NODE) tests/image/bench.mjs $(IMAGE_BENCH_ARGS)
# --- end image ---------------------------------------------------------------------------------------------
