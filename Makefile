# Two commands do all set-up on a fresh Debian machine (as root):
#   make run   — check the bundled Azumino plans: report on the terminal, files in out/
#   make test  — the test suite
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test system test-system clean

# The report on the terminal and in out/. plancheck exits 1 when it finds violations, as it does
# on the bundled example; only exit code 2 (unusable input) makes `make run` fail.
run: system $(STAMP)
	@mkdir -p out
	@$(VENV)/bin/plancheck check --example --output - --output out/report.html --output out/report.sarif \
		--output out/report.xlsx --output out/report.json; \
	code=$$?; \
	for kind in goals continuity timeline; do \
		$(VENV)/bin/plancheck diagram --example --kind $$kind --output out/$$kind.svg || exit 2; \
	done; \
	echo "plancheck の終了コード / exit code: $$code  (0 問題なし clean, 1 違反あり violations found, 2 入力エラー unusable input)"; \
	test $$code -le 1

test: system test-system $(STAMP)
	$(PY) -m mypy
	$(PY) -m pytest

# Graphviz's `dot` and a Japanese font (PNG/PDF diagrams show glyphs, not boxes), and the Pango
# libraries WeasyPrint lays out the PDF report with, through apt only when missing; the tests also
# need Chromium (the HTML report is opened in a real browser) and poppler-utils (the PDF report
# is read back with pdftotext and drawn with pdftoppm).
have_lib = $(shell ldconfig -p 2>/dev/null | grep -q '$(1)' && echo yes)
system:
	@$(call apt_missing,$(if $(shell command -v dot),,graphviz) $(if $(shell fc-list :lang=ja 2>/dev/null),,fonts-ipafont-gothic) \
		$(if $(call have_lib,libpango-1.0.so.0),,libpango-1.0-0) $(if $(call have_lib,libpangoft2-1.0.so.0),,libpangoft2-1.0-0) \
		$(if $(call have_lib,libharfbuzz-subset.so.0),,libharfbuzz-subset0))

test-system:
	@$(call apt_missing,$(if $(shell command -v chromium),,chromium) $(if $(shell command -v pdftotext),,poppler-utils))

define apt_missing
	if [ -n "$(strip $(1))" ]; then \
		echo "installing $(strip $(1)) ..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(1) >/dev/null; \
	fi
endef

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

clean:
	rm -rf $(VENV) out
