pytest -m "not browser and not version_matrix" # quick loop: no Chromium, no second venv
pytest -m browser                              # the site in headless Chromium
pytest -m version_matrix                       # every example on the lowest transformers
python tests/perf_budgets.py                   # time and weight budgets, by hand
