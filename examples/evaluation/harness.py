"""Score your own deployment in both modes with lm-eval: accuracy and output tokens."""

# handbook: needs-server
# handbook: no-run (needs lm-eval: tests/test_evaluation.py runs it in a side venv)
import json
import os
import time
from pathlib import Path

import requests
from lm_eval import simple_evaluate
from lm_eval.models.openai_completions import LocalChatCompletion
from lm_eval.tasks import TaskManager

from qwen3_handbook.answers import (
    CHOICE_INSTRUCTION,
    MATH_INSTRUCTION,
    extract_boxed,
    extract_choice,
)
from qwen3_handbook.report import Table

base_url = os.environ.get("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1")
model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
DATA = Path(__file__).parent / "data"  # the task files shown above


# --8<-- [start:model]
class MeasuredChat(LocalChatCompletion):
    """lm-eval's local-chat-completions, also recording tokens and seconds."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.records = []

    def _create_payload(self, messages, **kwargs):
        payload = super()._create_payload(messages, **kwargs)
        if not payload["stop"]:  # transformers serve 5.24 answers "stop": [] with a 500
            del payload["stop"]
        return payload

    def model_call(self, messages, **kwargs):
        start = time.perf_counter()
        try:
            response = super().model_call(messages, **kwargs)
        except requests.HTTPError:  # the server failed on this item: score it wrong
            response = {"choices": [{"index": 0, "message": {"content": ""}}]}
        usage = response.get("usage") or {}
        self.records.append(
            {
                "tokens": usage.get("completion_tokens"),  # thinking included
                "seconds": time.perf_counter() - start,
            }
        )
        return response

    def parse_generations(self, outputs, **kwargs):
        # A tool call comes back in message.tool_calls, not in content: score as JSON.
        replies = super().parse_generations(outputs, **kwargs)
        message = outputs["choices"][0]["message"]
        calls = message.get("tool_calls") or []
        if calls:
            function = calls[0]["function"]
            arguments = function["arguments"]
            if isinstance(arguments, str):
                arguments = json.loads(arguments)
            replies = [json.dumps({"name": function["name"], "arguments": arguments})]
        return replies


# --8<-- [end:model]


# --8<-- [start:tasks]
def call_matches(doc, reply):
    expected = doc["call"]
    try:
        call = json.loads(reply)
    except json.JSONDecodeError:
        return expected is None  # no call: right only if none was expected
    return expected is not None and call == expected


def options(doc):
    return "\n".join(f"{letter}. {text}" for letter, text in doc["options"].items())


TASKS = {  # name: (task file, prompt, scorer)
    "math": (
        "math.json",
        lambda doc: f"{doc['question']} {MATH_INSTRUCTION}",
        lambda doc, reply: extract_boxed(reply) == doc["answer"],
    ),
    "choice": (
        "choice.json",
        lambda doc: f"{doc['question']}\n{options(doc)}\n{CHOICE_INSTRUCTION}",
        lambda doc, reply: extract_choice(reply) == doc["answer"],
    ),
    "multilingual": (
        "multilingual.json",
        lambda doc: f"{doc['question']} {MATH_INSTRUCTION}",
        lambda doc, reply: extract_boxed(reply) == doc["answer"],
    ),
    "tools": ("tools.json", lambda doc: doc["question"], call_matches),
}
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the current weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string", "description": "The city name"}},
            "required": ["city"],
        },
    },
}


def task_config(name, thinking):
    file, prompt, score = TASKS[name]
    generation = {
        "until": [],  # stop only at the end of the reply
        "max_gen_toks": 32768,  # the model card's output length
        "temperature": 0.6 if thinking else 0.7,  # the model card's presets
        "top_p": 0.95 if thinking else 0.8,
        "chat_template_kwargs": {"enable_thinking": thinking},
    }
    if name == "tools":
        generation["tools"] = [WEATHER_TOOL]
    return {
        "task": f"qwen3_{name}",
        "dataset_path": "json",
        "dataset_kwargs": {"data_files": {"test": str(DATA / file)}},
        "test_split": "test",
        "output_type": "generate_until",
        "doc_to_text": prompt,
        "doc_to_target": lambda doc: "",
        "process_results": lambda doc, replies: {"acc": float(score(doc, replies[0]))},
        "metric_list": [
            {"metric": "acc", "aggregation": "mean", "higher_is_better": True}
        ],
        "generation_kwargs": generation,
    }


# --8<-- [end:tasks]


# --8<-- [start:run]
tasks_only = TaskManager(include_defaults=False)  # skip indexing the public tasks
rows, measurements = [], []
for thinking in (True, False):
    for name in TASKS:
        model = MeasuredChat(
            model=model_name,
            base_url=f"{base_url}/chat/completions",
            num_concurrent=1,  # one request at a time: latency without queueing
            max_retries=1,
        )
        results = simple_evaluate(
            model=model,
            tasks=[task_config(name, thinking)],
            apply_chat_template=True,  # send messages: the server applies the template
            task_manager=tasks_only,
        )
        accuracy = results["results"][f"qwen3_{name}"]["acc,none"]
        tokens = [r["tokens"] for r in model.records if r["tokens"] is not None]
        failed = len(model.records) - len(tokens)
        mode = "thinking" if thinking else "non-thinking"
        mean = round(sum(tokens) / len(tokens)) if tokens else "-"
        rows.append([name, mode, f"{accuracy:.0%}", mean, failed])
        measurements.append(
            {
                "task": name,
                "mode": mode,
                "accuracy": accuracy,
                "tokens": tokens,
                "seconds": [r["seconds"] for r in model.records],
            }
        )

# Output tokens do not depend on timing; seconds do, so they go to a file, not the page.
print(Table(["task", "mode", "accuracy", "tokens/answer", "server errors"], rows))
"""
task          mode          accuracy  tokens/answer  server errors
------------  ------------  --------  -------------  -------------
math          thinking           20%             53              0
choice        thinking            0%             28              0
multilingual  thinking           20%             61              0
tools         thinking           50%             40              2
math          non-thinking        0%             30              0
choice        non-thinking        0%             16              0
multilingual  non-thinking        0%             35              0
tools         non-thinking       50%             20              1
"""
Path("measurements.json").write_text(json.dumps(measurements, indent=1))
# --8<-- [end:run]
