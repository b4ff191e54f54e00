"""A Qwen-Agent assistant that calls a tool served by an MCP server, through a Qwen3
server."""

# handbook: needs-server
import os
import sys
from pathlib import Path

from qwen_agent.agents import Assistant

# --8<-- [start:llm]
llm_cfg = {
    "model": os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B"),
    "model_server": os.environ.get("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1"),
    "api_key": os.environ.get("OPENAI_API_KEY", "EMPTY"),
    "generate_cfg": {
        # Send the tools as the API's `tools=` field and read the server's parsed
        # `tool_calls`: right for servers that parse Qwen3's calls themselves (vLLM
        # --enable-auto-tool-choice --tool-call-parser hermes, SGLang, transformers
        # serve).
        "use_raw_api": True,
    },
}
# --8<-- [end:llm]

# --8<-- [start:mcp]
# Qwen-Agent starts each MCP server as a child process and talks to it over
# stdin/stdout. The child gets a minimal environment (PATH, HOME, ...): use an absolute
# interpreter path.
tools = [
    {
        "mcpServers": {
            "weather": {
                "command": sys.executable,
                "args": [str(Path(__file__).with_name("weather_mcp_server.py"))],
            }
        }
    }
]
bot = Assistant(llm=llm_cfg, function_list=tools)
# --8<-- [end:mcp]

# --8<-- [start:run]
messages = [{"role": "user", "content": "What's the weather like in Tokyo today?"}]
# run() streams the growing list of new messages; run_nonstream() returns the final
# list.
responses = bot.run_nonstream(messages=messages)

lines = []
# the model's thinking, its call, the tool's result, the answer
for message in responses:
    # Qwen-Agent 0.0.34 copies only the server's `reasoning_content` (llm/oai.py):
    # behind vLLM 0.34.0, which names the field `reasoning`, no thinking line appears.
    if message.get("reasoning_content"):
        lines.append(f"thinking: {message['reasoning_content'].strip()}")
    elif message.get("function_call"):
        call = message["function_call"]
        lines.append(f"call:     {call['name']} {call['arguments']}")
    elif message["role"] == "function":
        lines.append(f"result:   {message['content']}")
    else:
        lines.append(f"answer:   {message['content'].strip()}")
print("\n".join(lines))
"""
thinking: The user wants today's weather in Tokyo, so I will call the weather tool.
call:     weather-get_weather {"city": "Tokyo"}
result:   {"city": "Tokyo", "temperature_c": 18, "condition": "sunny"}
thinking: The weather tool says 18 °C and sunny.
answer:   It is 18 °C and sunny in Tokyo today.
"""
# --8<-- [end:run]
