rm -rf /tmp/lock-venv && python -m venv /tmp/lock-venv \
  && /tmp/lock-venv/bin/pip install torch==2.13.0 \
  && /tmp/lock-venv/bin/pip install -e ".[test]" \
  && /tmp/lock-venv/bin/pip freeze --exclude-editable > requirements/lock.txt
