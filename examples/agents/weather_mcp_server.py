"""A stdio MCP server with one tool, get_weather, for the Qwen-Agent example to call."""

# handbook: no-run (an MCP server: agents/qwen_agent_mcp.py starts it over stdio)
import json
from typing import Annotated

from mcp.server.fastmcp import FastMCP
from pydantic import Field

# "weather" prefixes its tool names in Qwen-Agent
server = FastMCP("weather", log_level="WARNING")


@server.tool()
def get_weather(city: Annotated[str, Field(description="The city name")]) -> str:
    """Get the current weather in a city."""
    # A real server would call a weather API here; fixed data keeps the example offline.
    return json.dumps({"city": city, "temperature_c": 18, "condition": "sunny"})


if __name__ == "__main__":
    server.run()  # stdio transport: the agent talks to this process over stdin/stdout
