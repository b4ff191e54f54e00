# Rewrite the #> lines of one section's examples from what they print now, then review:
pytest tests/test_examples.py -k quickstart --update-examples
git diff examples/
