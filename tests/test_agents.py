"""The MCP server of examples/agents/ serves exactly the tool the scripted tiny model knows."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from qwen3_handbook.tiny import MCP_WEATHER_TOOL

SERVER = (
    Path(__file__).resolve().parents[1]
    / "examples"
    / "agents"
    / "weather_mcp_server.py"
)


async def _list_and_call() -> tuple[list, str]:
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    parameters = StdioServerParameters(command=sys.executable, args=[str(SERVER)])
    async with (
        stdio_client(parameters) as (read, write),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        tools = (await session.list_tools()).tools
        result = await session.call_tool("get_weather", {"city": "Tokyo"})
    return tools, result.content[0].text


def test_mcp_server_matches_the_scripted_tool_schema():
    """If FastMCP changed the schema it derives, Qwen-Agent would send the tiny model a prompt
    it was not trained on and the agent example would print nonsense: fail here, clearly."""
    tools, text = asyncio.run(_list_and_call())
    assert [tool.name for tool in tools] == ["get_weather"]
    expected = MCP_WEATHER_TOOL["function"]
    assert tools[0].description == expected["description"]
    # Qwen-Agent drops the schema's top-level "title" ("get_weatherArguments") before sending.
    schema = {
        key: value for key, value in tools[0].inputSchema.items() if key != "title"
    }
    assert schema == expected["parameters"]
    # Qwen-Agent registers it as "<server>-<tool>"; the server is named "weather".
    assert expected["name"] == "weather-get_weather"
    assert json.loads(text) == {
        "city": "Tokyo",
        "temperature_c": 18,
        "condition": "sunny",
    }
