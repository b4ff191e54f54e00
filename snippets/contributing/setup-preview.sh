pip install torch==2.13.0 && pip install -e ".[docs]" && mkdocs serve
