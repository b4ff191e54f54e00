"""Case study: solve math problems in thinking mode, extract the \\boxed{} answer, score
it."""

import os
import re

from transformers import AutoModelForCausalLM, AutoTokenizer, GenerationConfig, set_seed

from qwen3_handbook.answers import MATH_INSTRUCTION, extract_boxed
from qwen3_handbook.report import Table

model_name = os.environ.get("QWEN3_MODEL", "Qwen/Qwen3-235B-A22B")
tokenizer = AutoTokenizer.from_pretrained(model_name)
model = AutoModelForCausalLM.from_pretrained(
    model_name, dtype="auto", device_map="auto"
)

# --8<-- [start:settings]
# Model card "Best Practices": thinking-mode sampling (never greedy), 38,912 output
# tokens for competition-level math, and the instruction that asks for a \boxed{}
# answer.
SETTINGS = GenerationConfig(
    do_sample=True,
    temperature=0.6,
    top_p=0.95,
    top_k=20,
    min_p=0.0,
    max_new_tokens=38912,
)


def solve(question):
    """One attempt at ``question``; returns the raw reply, thinking included."""
    messages = [{"role": "user", "content": f"{question} {MATH_INSTRUCTION}"}]
    inputs = tokenizer.apply_chat_template(
        messages,
        add_generation_prompt=True,
        enable_thinking=True,
        return_dict=True,
        return_tensors="pt",
    ).to(model.device)
    output = model.generate(**inputs, generation_config=SETTINGS)
    return tokenizer.decode(
        output[0][inputs.input_ids.shape[1] :], skip_special_tokens=True
    )


print(f"What is 17 × 23? {MATH_INSTRUCTION}")  # what the model is asked
"""
What is 17 × 23? Please reason step by step, and put your final answer within \boxed{}.
"""
# --8<-- [end:settings]


# --8<-- [start:normalize]
def normalize(answer):
    """Make equal numbers compare equal: '1,000', '1000.', ' 1000 ' and
    '\\text{1000}'."""
    if answer is None:
        return None
    answer = re.sub(r"\\text\{([^}]*)\}", r"\1", answer)
    answer = answer.replace(",", "").replace("$", "").strip().rstrip(".")
    return answer


cases = [
    # last box
    "<think>\nMaybe \\boxed{390}?\n</think>\n\nSo the answer is \\boxed{391}.",
    "<think>\nIt is 17 × 23...",  # cut off by max_new_tokens: no answer at all
    "The total is \\boxed{1,000}.",  # formatting differs from the reference
    "The answer is 391.",  # correct number, but not in the requested format
]
print([normalize(extract_boxed(reply)) for reply in cases])
#> ['391', None, '1000', None]
# --8<-- [end:normalize]

# --8<-- [start:evaluate]
PROBLEMS = [  # (question, reference answer)
    ("What is 17 × 23?", "391"),
    ("What is 12 + 30?", "42"),
]


def evaluate(problems, attempts=1):
    """Score each problem: the fraction of attempts whose boxed answer equals the
    reference."""
    results = []
    for question, reference in problems:
        answers = [normalize(extract_boxed(solve(question))) for _ in range(attempts)]
        correct = sum(answer == normalize(reference) for answer in answers)
        results.append(
            {"question": question, "answers": answers, "score": correct / attempts}
        )
    return results


set_seed(0)  # sampling is random: a fixed seed makes a run repeatable
results = evaluate(PROBLEMS)
scores = [
    [row["question"], ", ".join(map(str, row["answers"])), f"{row['score']:.0%}"]
    for row in results
]
print(Table(["question", "extracted answers", "score"], scores))
"""
question          extracted answers  score
----------------  -----------------  -----
What is 17 × 23?                391   100%
What is 12 + 30?                391     0%
"""
accuracy = sum(row["score"] for row in results) / len(results)
print(f"accuracy: {accuracy:.1%}")
#> accuracy: 50.0%
# --8<-- [end:evaluate]
