# The two commands of the README. Both set up .venv/ (and OS packages where they can) first.
.PHONY: demo test setup audit lint

demo: setup
	.venv/bin/autograder demo

test:
	WITH_BROWSER=1 bash scripts/bootstrap.sh
	.venv/bin/python -m pytest

setup:
	bash scripts/bootstrap.sh

audit: setup
	.venv/bin/autograder audit

lint: setup
	.venv/bin/lint-imports
