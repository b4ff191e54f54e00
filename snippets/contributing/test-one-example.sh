# One example (the id is its path under examples/):
pytest "tests/test_examples.py::test_example_output[quickstart/chat.py]"
# Every example of one section:
pytest tests/test_examples.py -k architecture
