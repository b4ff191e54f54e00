(command -v chromium || (apt-get update && apt-get install -y chromium)) \
  && pip install torch==2.13.0 \
  && pip install -c requirements/lock.txt -e ".[test]" \
  && pytest
