"""The example-block extension and `qwen3_handbook.report.Table`, on small inputs."""

from __future__ import annotations

import markdown
import pytest

from qwen3_handbook._site import example_blocks
from qwen3_handbook._site.example_blocks import ExampleSourceError, render_output
from qwen3_handbook.report import Table, parse_plain_table, plain_table_to_markdown

EXAMPLE = '''\
"""A computed example."""

# --8<-- [start:show]
total = 2 + 3
print(total)
#> 5
# handbook: figures
for word in ["a", "b"]:
    print(word)
    #> a
    #> b
print("one\\ntwo")
"""
one
two
"""
# --8<-- [end:show]
'''


@pytest.fixture
def example_dir(tmp_path, monkeypatch):
    (tmp_path / "demo.py").write_text(EXAMPLE)
    (tmp_path / "tiny.py").write_text(
        'import os\nMODEL = os.environ["QWEN3_MODEL"]\n# --8<-- [start:s]\nprint(1)\n#> 1\n'
        "# --8<-- [end:s]\n"
    )
    monkeypatch.setattr(example_blocks, "BASE_PATHS", (tmp_path,))
    return tmp_path


def convert(text: str) -> str:
    md = markdown.Markdown(
        extensions=[
            "qwen3_handbook._site.example_blocks",
            "admonition",
            "pymdownx.superfences",
        ]
    )
    return md.preprocessors["handbook_example_blocks"].run(text.splitlines())


def test_code_and_output_are_split(example_dir):
    lines = convert('```python\n--8<-- "demo.py:show"\n```')
    text = "\n".join(lines)
    code = text.split("```python\n", 1)[1].split("\n```", 1)[0]
    assert "#>" not in code and "handbook:" not in code and '"""' not in code
    assert code.splitlines()[0] == "total = 2 + 3"
    assert '!!! handbook-output "Output"' in text
    output = text.split("```text\n", 1)[1].split("\n    ```", 1)[0]
    assert [line.strip() for line in output.splitlines()] == [
        "5",
        "a",
        "b",
        "one",
        "two",
    ]


def test_tiny_model_output_is_labelled(example_dir):
    text = "\n".join(convert('```python\n--8<-- "tiny.py:s"\n```'))
    assert '!!! handbook-output "Output (tiny test model)"' in text


def test_missing_section_names_the_file(example_dir):
    with pytest.raises(ExampleSourceError, match=r"demo\.py.*no section 'nope'"):
        convert('```python\n--8<-- "demo.py:nope"\n```')
    with pytest.raises(ExampleSourceError, match=r"no file 'gone\.py'"):
        convert('```python\n--8<-- "gone.py:x"\n```')


def test_non_include_fences_are_left_alone(example_dir):
    source = "```python\nprint(1)\n```"
    assert convert(source) == source.splitlines()


def test_printed_table_renders_as_markdown_table():
    table = Table(["model", "GB"], [["Qwen3-8B", 16.4], ["Qwen3-4B", 8.0]])
    lines = str(table).splitlines()
    assert "|" not in str(table)
    assert parse_plain_table(lines) == (
        ["model", "GB"],
        [["Qwen3-8B", "16.4"], ["Qwen3-4B", "8.0"]],
    )
    assert plain_table_to_markdown(lines) == table.to_markdown()
    rendered = render_output(["before", *lines, "", "after"])
    assert "| Qwen3-8B | 16.4 |" in rendered and "|---|---:|" in rendered
    assert rendered[:3] == ["```text", "before", "```"]


@pytest.mark.parametrize(
    ("columns", "rows", "error", "match"),
    [
        ([], [], ValueError, "at least one column"),
        ("ab", [], TypeError, "columns must be a list"),
        (["a", "b"], [[1]], ValueError, "row 0 has 1 cells"),
        (["a"], ["x"], TypeError, "row 0 must be a sequence"),
        (["a"], [[float("nan")]], ValueError, "non-finite"),
        (["a"], [[object()]], TypeError, "cell of type object"),
    ],
)
def test_table_rejects_bad_input(columns, rows, error, match):
    with pytest.raises(error, match=match):
        Table(columns, rows)


def test_table_cells_stay_on_one_line():
    table = Table(["a", "b"], [["two  spaces\nand a newline", 1234567]])
    assert str(table).splitlines()[2] == "two spaces and a newline  1,234,567"
