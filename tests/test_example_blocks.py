"""The example-block extension and `qwen3_handbook.report.Table`, on small inputs."""

from __future__ import annotations

import re
from html import unescape

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
    rendered = render_output([["before", *lines, "", "after"]])
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


def _table_rows(rendered: list[str]) -> list[str]:
    return [line for line in rendered if line.startswith("| ")]


def test_text_after_a_table_stays_text():
    table = str(Table(["question", "score"], [["What is 17 × 23?", "100%"]]))
    # one print: a table, then a line that fits the first column
    rendered = render_output([[*table.splitlines(), "accuracy: 50.0%"]])
    assert _table_rows(rendered) == [
        "| question | score |",
        "| What is 17 × 23? | 100% |",
    ]
    assert rendered[-4:] == ["```text", "accuracy: 50.0%", "```", ""]
    # a line longer than the table, with no blank line between
    long_line = "Qwen3-235B-A22B-Instruct-2507 reaches 1,010,000 tokens"
    rendered = render_output([[*table.splitlines(), long_line]])
    assert long_line in rendered and len(_table_rows(rendered)) == 2


def test_a_table_ends_where_its_print_ends():
    table = str(Table(["name", "value"], [["a", 1]])).splitlines()
    # two prints, no blank line between: "b  2" fills both columns, but the second
    # print wrote it, so it is not a row of the first print's table
    rendered = render_output([table, ["b      2"]])
    assert _table_rows(rendered) == ["| name | value |", "| a | 1 |"]
    assert "b      2" in rendered


def test_two_tables_in_one_output_stay_two_tables():
    first = str(Table(["weights", "SGLang (tok/s)"], [["bf16", 10.5]])).splitlines()
    second = str(Table(["engine", "runs"], [["vLLM", 3]])).splitlines()
    rendered = render_output([[*first, *second]])
    assert _table_rows(rendered) == [
        "| weights | SGLang (tok/s) |",
        "| bf16 | 10.5 |",
        "| engine | runs |",
        "| vLLM | 3 |",
    ]


def test_output_groups_follow_the_prints(example_dir):
    (example_dir / "groups.py").write_text(
        'print("a")\n#> a\nprint("b")\n"""\nb\n"""\n#> c\nx = 1\n#> d\n'
    )
    block = example_blocks.SourceBlock("groups.py")
    assert block.output_groups == [["a"], ["b"], ["c"], ["d"]]
    assert block.output == ["a", "b", "c", "d"]


def test_table_cells_are_text_not_markup():
    cells = ['"Second thought.\\n</think>\\n"', "a*b*_c_ [x](y) {: .k} `c` & |p| \\\\"]
    table = Table(["field", "text"], [cells])
    html = markdown.markdown(table.to_markdown(), extensions=["tables", "attr_list"])
    shown = re.findall(r"<td>(.*?)</td>", html)
    assert [unescape(cell) for cell in shown] == cells
