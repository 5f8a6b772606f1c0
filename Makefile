# Two commands do all set-up on a fresh Debian machine (as root):
#   make run   — check the bundled Azumino plans: report on the terminal, files in out/
#   make test  — the test suite
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
APT_PACKAGES := graphviz fonts-ipafont-gothic

.PHONY: run test system clean

# The report on the terminal and in out/. plancheck exits 1 when it finds violations, as it does
# on the bundled example; only exit code 2 (unusable input) makes `make run` fail.
run: system $(STAMP)
	@mkdir -p out
	@$(VENV)/bin/plancheck check --format text --output - --format json --output out/report.json; \
	code=$$?; \
	echo "plancheck の終了コード / exit code: $$code  (0 問題なし clean, 1 違反あり violations found, 2 入力エラー unusable input)"; \
	test $$code -le 1

test: system $(STAMP)
	$(PY) -m mypy
	$(PY) -m pytest

# Graphviz's `dot` and a Japanese font, through apt only when missing.
system:
	@if ! command -v dot >/dev/null 2>&1 || ! fc-list :lang=ja 2>/dev/null | grep -q .; then \
		echo "installing $(APT_PACKAGES) ..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null; \
	fi

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

clean:
	rm -rf $(VENV) out .plancheck_cache
