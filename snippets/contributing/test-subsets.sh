# quick loop: no Chromium, no second venv
pytest -m "not browser and not version_matrix"
# the site in headless Chromium
pytest -m browser
# every example on the lowest transformers
pytest -m version_matrix
# time and weight budgets, by hand
python tests/perf_budgets.py
