"""The inference engines' versions and flags for Qwen3, and a checker for shell commands.

The data lives in one file, ``qwen3_handbook/data/engines.json``: per engine, the minimum
version for Qwen3 / Qwen3-MoE (with its source), the version the handbook's commands were
checked against, every flag that version's own argument parser accepts, and flags that were
deprecated or removed (with the release and a source). The test suite runs
`check_script` over every shell snippet on the site, so a command with a stale or misspelt
flag fails the build instead of failing on a reader's GPU box.

Examples:
    >>> engine("vLLM").minimum
    '0.8.5'
    >>> problems = check_script("vllm serve Qwen/Qwen3-235B-A22B --enable-reasoning")
    >>> print(problems[0].split(";")[0])
    line 1: vLLM flag --enable-reasoning: deprecated in 0.9.0, removed in 0.10.0
"""

from __future__ import annotations

import json
import math
import re
import shlex
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from qwen3_handbook._checks import text as _text

__all__ = [
    "Engine",
    "Invocation",
    "check_flags",
    "check_modelfile",
    "check_script",
    "check_version_mentions",
    "engine",
    "engines",
    "find_invocations",
    "shell_commands",
]


@dataclass(frozen=True)
class Engine:
    """One engine's entry in the version table.

    Attributes:
        key: Short identifier (``"vllm"``, ``"sglang"``, ``"llama.cpp"``, ...).
        name: Display name.
        commands: Command prefixes that invoke it (``"vllm serve"``).
        minimum: Oldest version that runs Qwen3-MoE, or None.
        minimum_source: Where that minimum is stated.
        checked: Version the handbook's commands were checked against, or None.
        known_flags: Flags the checked version's parser accepts (per command for mlx-lm).
        stale_flags: Deprecated or removed flags, each with ``deprecated_in``,
            ``removed_in``, ``use_instead`` and ``source`` where known.
        allow_abbrev: Whether the parser accepts unambiguous prefixes of long flags.
        raw: The whole JSON entry.
    """

    key: str
    name: str
    commands: tuple[str, ...]
    minimum: str | None
    minimum_source: str | None
    checked: str | None
    known_flags: dict[str, frozenset[str]]
    stale_flags: dict[str, dict[str, str]]
    allow_abbrev: bool
    raw: dict[str, Any] = field(repr=False)

    def versions(self) -> set[str]:
        """Every version the table records for this engine (minimum, checked, removals...)."""
        found = {self.raw.get(k) for k in ("minimum", "recommended", "checked")}
        for info in self.stale_flags.values():
            found.update(
                info.get(k)
                for k in (
                    "deprecated_in",
                    "removed_in",
                    "last_accepted_in",
                    "absent_in",
                )
            )
        return {v for v in found if v}


@dataclass(frozen=True)
class Invocation:
    """One engine command found in a shell script."""

    line: int
    engine: Engine
    command: str
    args: tuple[str, ...]


@cache
def _table() -> dict[str, Any]:
    text = resources.files("qwen3_handbook").joinpath("data/engines.json").read_text()
    return json.loads(text)


def _recorded_flags(key: str, entry: dict[str, Any]) -> frozenset[str]:
    """The flags of vLLM's or SGLang's own argument parser, as the engine contract tests
    recorded them (``data/engine_parsing.json``) from the installed release."""
    path = f"data/{entry['known_flags_from']}"
    record = json.loads(resources.files("qwen3_handbook").joinpath(path).read_text())
    recorded = record["engines"][key]
    if recorded["version"] != entry.get("checked"):
        raise ValueError(
            f"engines.json says {entry['name']} {entry.get('checked')} was checked, "
            f"but {path} records {recorded['version']}: update one of them"
        )
    return frozenset(recorded["flags"]["flags"])


@cache
def engines() -> dict[str, Engine]:
    """All engines of the table, by key."""
    result = {}
    for key, entry in _table()["engines"].items():
        commands = tuple(entry.get("commands", []))
        if "known_flags_by_command" in entry:
            known = {
                c: frozenset(f) for c, f in entry["known_flags_by_command"].items()
            }
        elif "known_flags_from" in entry:
            flags = _recorded_flags(key, entry)
            known = {c: flags for c in commands}
        else:
            flags = frozenset(entry.get("known_flags", []))
            known = {c: flags for c in commands}
        result[key] = Engine(
            key=key,
            name=entry["name"],
            commands=commands,
            minimum=entry.get("minimum"),
            minimum_source=entry.get("minimum_source"),
            checked=entry.get("checked"),
            known_flags=known,
            stale_flags=entry.get("stale_flags", {}),
            allow_abbrev=entry.get("allow_abbrev", False),
            raw=entry,
        )
    return result


def engine(name: str) -> Engine:
    """Look an engine up by key or display name, case-insensitively.

    Raises:
        ValueError: If no engine has that name.
        TypeError: If ``name`` is not a string.

    Examples:
        >>> engine("sglang").checked
        '0.5.23'
    """
    _text("name", name)
    for item in engines().values():
        if name.lower() in (item.key.lower(), item.name.lower()):
            return item
    known = ", ".join(e.name for e in engines().values())
    raise ValueError(f"unknown engine {name!r}; known engines: {known}")


def shell_commands(script: str) -> list[tuple[int, list[str]]]:
    """Split a script into commands, as the shell reads them: backslash continuations and
    quoted strings that span lines are joined; comments and blank lines are dropped."""
    commands: list[tuple[int, list[str]]] = []
    buffer, start = "", 0
    for number, raw in enumerate(script.splitlines(), start=1):
        stripped = raw.strip()
        if not buffer and (not stripped or stripped.startswith("#")):
            continue
        if not buffer:
            start = number
        if stripped.endswith("\\") and not stripped.endswith("\\\\"):
            buffer += stripped[:-1] + " "
            continue
        buffer += raw if buffer else stripped
        try:
            words = shlex.split(buffer, comments=True)
        except ValueError:  # a quotation that continues on the next line
            buffer += "\n"
            continue
        commands.append((start, words))
        buffer = ""
    if buffer:
        raise ValueError(f"line {start}: unterminated command or quotation")
    return commands


def find_invocations(script: str) -> list[Invocation]:
    """Every engine command in a shell script, with its arguments split as the shell would.

    Examples:
        >>> (invocation,) = find_invocations("./llama-server -m q.gguf --jinja")
        >>> invocation.command, invocation.args
        ('llama-server', ('-m', 'q.gguf', '--jinja'))
    """
    prefixes = sorted(
        ((tuple(c.split()), e) for e in engines().values() for c in e.commands),
        key=lambda item: -len(item[0]),
    )
    found = []
    for line, words in shell_commands(script):
        for i in range(len(words)):
            word = words[i].rsplit("/", 1)[-1]  # ./llama-server, build/bin/llama-cli
            for prefix, item in prefixes:
                candidate = [word, *words[i + 1 : i + len(prefix)]]
                if tuple(candidate) == prefix:
                    args = words[i + len(prefix) :]
                    for end, arg in enumerate(args):  # stop at the next shell operator
                        if arg in ("|", "&&", "||", ";", "&"):
                            args = args[:end]
                            break
                    found.append(Invocation(line, item, " ".join(prefix), tuple(args)))
                    break
            else:
                continue
            break
    return found


def _describe_stale(item: Engine, flag: str, info: dict[str, str]) -> str:
    parts = []
    if "deprecated_in" in info:
        parts.append(f"deprecated in {info['deprecated_in']}")
    if "removed_in" in info:
        parts.append(f"removed in {info['removed_in']}")
    text = f"{item.name} flag {flag}: " + ", ".join(parts or ["stale"])
    if "use_instead" in info:
        text += f"; use {info['use_instead']}"
    return text


def check_flags(invocation: Invocation) -> list[str]:
    """Problems with the flags of one invocation: stale, unknown or ambiguous flags,
    and JSON-valued flags whose value does not parse."""
    item, problems = invocation.engine, []
    known = item.known_flags.get(invocation.command, frozenset())
    for position, arg in enumerate(invocation.args):
        if not arg.startswith("-") or re.fullmatch(r"-\d+(\.\d+)?", arg):
            continue  # a value, or a negative number
        flag, _, inline_value = arg.partition("=")
        where = f"line {invocation.line}: "
        if flag in item.stale_flags:
            problems.append(where + _describe_stale(item, flag, item.stale_flags[flag]))
            continue
        if flag not in known:
            matches = (
                [k for k in known if k.startswith(flag)]
                if flag.startswith("--")
                else []
            )
            if item.allow_abbrev and len(matches) == 1:
                flag = matches[0]
            elif len(matches) > 1 and item.allow_abbrev:
                problems.append(
                    where + f"{item.name} flag {flag} is ambiguous: {matches}"
                )
                continue
            else:
                problems.append(
                    where
                    + f"{item.name} flag {flag} is unknown to {item.name} {item.checked}"
                )
                continue
        if flag.endswith(("-args", "-overrides", "-config", "-kwargs")):
            value = inline_value or (
                invocation.args[position + 1]
                if position + 1 < len(invocation.args)
                else ""
            )
            if value.startswith(("{", "[")):
                try:
                    json.loads(value)
                except json.JSONDecodeError as error:
                    problems.append(where + f"{flag} value is not valid JSON: {error}")
    return problems


def check_script(script: str) -> list[str]:
    """Check every engine command in a shell script against the version table.

    Returns:
        One message per problem (empty when the script is clean).

    Raises:
        TypeError: If ``script`` is not a string.
    """
    _text("script", script)
    return [
        p for invocation in find_invocations(script) for p in check_flags(invocation)
    ]


_PARAMETER = re.compile(r"^PARAMETER\s+(\S+)\s+(.+)$", re.IGNORECASE)


def check_modelfile(text: str) -> list[str]:
    """Problems in an Ollama Modelfile: unknown instructions, unknown PARAMETER names,
    non-numeric numeric values, a missing FROM, unclosed triple-quoted blocks.

    Examples:
        >>> check_modelfile("FROM ./q.gguf\\nPARAMETER temprature 0.6")
        ['line 2: unknown PARAMETER temprature']
    """
    _text("text", text)
    ollama = engines()["ollama"].raw
    instructions = set(ollama["modelfile_instructions"])
    parameters = set(ollama["modelfile_parameters"])
    problems, in_block, has_from = [], False, False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if in_block:
            in_block = stripped.count('"""') % 2 == 0
            continue
        if not stripped or stripped.startswith("#"):
            continue
        keyword = stripped.split()[0].upper()
        if keyword not in instructions:
            problems.append(f"line {number}: unknown instruction {stripped.split()[0]}")
            continue
        has_from |= keyword == "FROM"
        if stripped.count('"""') % 2 == 1:
            in_block = True
        if keyword == "PARAMETER":
            match = _PARAMETER.match(stripped)
            if not match or match[1] not in parameters:
                name = match[1] if match else stripped
                problems.append(f"line {number}: unknown PARAMETER {name}")
            elif match[1] != "stop":
                try:
                    finite = math.isfinite(float(match[2]))
                except ValueError:
                    finite = False
                if not finite:
                    problems.append(
                        f"line {number}: {match[1]} needs a number, got {match[2]}"
                    )
    if in_block:
        problems.append('unclosed """ block')
    if not has_from:
        problems.append("no FROM instruction")
    return problems


_VERSION = r"v?(\d+\.\d+(?:\.\d+)?(?:\.post\d+)?)"
_MENTIONS = {
    "vllm": re.compile(
        rf"\bvLLM\s*(?:>=|≥|v)?\s*{_VERSION}|\bvllm\s*>=\s*{_VERSION}", re.I
    ),
    "sglang": re.compile(
        rf"\bSGLang\s*(?:>=|≥)?\s*{_VERSION}|\bsglang(?:\[all\])?\s*>=\s*{_VERSION}"
    ),
    "llama.cpp": re.compile(r"\bllama\.cpp\s*(?:>=|≥)?\s*(b\d{4,})"),
    "ollama": re.compile(rf"\bOllama\s*(?:>=|≥)?\s*{_VERSION}"),
    "mlx-lm": re.compile(rf"\bmlx[-_]lm\s*(?:>=|≥)?\s*{_VERSION}", re.I),
}


def check_version_mentions(text: str) -> list[str]:
    """Engine versions named in a page that the version table does not record.

    A page may name any version the table knows for that engine (minimum, recommended,
    checked, or a release that deprecated or removed a flag); anything else is either a typo
    or a fact the table is missing.

    Examples:
        >>> for problem in check_version_mentions("Needs vLLM 0.8.5; tested on vLLM 0.7.3."):
        ...     print(problem.split(" (")[0])
        vLLM 0.7.3 is not in the version table
    """
    problems = []
    for key, pattern in _MENTIONS.items():
        item = engines()[key]
        known = item.versions()
        for match in pattern.finditer(text):
            version = next(g for g in match.groups() if g)
            if version not in known:
                problems.append(
                    f"{item.name} {version} is not in the version table "
                    f"(known: {', '.join(sorted(known))})"
                )
    return problems
