(command -v chromium || (apt-get update && apt-get install -y chromium)) \
  && python3 -m venv .venv && . .venv/bin/activate \
  && pip install torch==2.13.0 \
  && pip install -c requirements/lock.txt -e ".[test]" \
  && pytest
