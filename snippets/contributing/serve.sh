# Live preview on http://127.0.0.1:8000/qwen3-handbook/: rebuilds on any change in
# docs/, examples/, snippets/ and src/ (the `watch:` list in mkdocs.yml), then reloads
# the browser tab.
mkdocs serve
