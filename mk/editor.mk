# --- long-text editor (web/editor.js) --------------------------------------------------------------------
# web/gen/cm-*.mjs: CodeMirror 6 (view, state) and its small dependencies, copied from node_modules (npm ci,
# pinned in package.json) with their MIT licences by tools/copy-editor.mjs; the page loads them only when a text
# is longer than the textarea can edit smoothly. Built with `make wasm` (and so before test, serve and dist).
EDITOR_PKGS := @codemirror/view @codemirror/state style-mod w3c-keyname crelt @marijn/find-cluster-break
EDITOR_GEN  := $(WEBGEN)/cm-view.mjs
.PHONY: web-editor-assets
web-editor-assets: $(EDITOR_GEN)
wasm test serve dist: web-editor-assets
$(EDITOR_GEN): tools/copy-editor.mjs mk/editor.mk $(foreach p,$(EDITOR_PKGS),node_modules/$(p)/package.json)
	$(call msg,COPY,$(WEBGEN)/cm-*.mjs)
	$(Q)$(NODE) tools/copy-editor.mjs --out $(WEBGEN)
$(foreach p,$(EDITOR_PKGS),node_modules/$(p)/package.json):
	@echo 'missing $@: run npm ci' >&2; exit 1
# --- end long-text editor --------------------------------------------------------------------------------
