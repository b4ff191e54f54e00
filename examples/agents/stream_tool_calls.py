"""Stream a reply that calls a tool: the call arrives whole, never as markup in the
answer."""

from qwen3_handbook.toolcalls import ReplyStreamParser

# --8<-- [start:stream]
# The pieces a streamer hands out; a chunk boundary may fall anywhere, even in a tag.
chunks = [
    "<think>\nThe user wants Paris.\n</th",
    "ink>\n\nLet me check.\n<tool",
    '_call>\n{"name": "get_weather", "arguments": {"city": ',
    '"Paris"}}\n</tool_call>',
]
parser = ReplyStreamParser()
for chunk in chunks:
    for event in parser.feed(chunk):
        print(event)  # a Delta (text for the UI) or a ToolCall (complete: run it now)
        #> Delta(kind='thinking', text='The user wants Paris.')
        #> Delta(kind='answer', text='Let me check.')
        #> ToolCall(name='get_weather', arguments={'city': 'Paris'})
parser.finish()  # raises ToolCallError if a <tool_call> was never closed
# --8<-- [end:stream]
