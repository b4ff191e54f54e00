"""The streaming thinking parser and the soft-switch helper of qwen3_handbook.thinking."""

from __future__ import annotations

import itertools

import pytest

from qwen3_handbook.thinking import (
    THINK_END_ID,
    THINK_START_ID,
    Delta,
    ThinkingStreamParser,
    split_thinking_ids,
    split_thinking_text,
    wants_thinking,
)

REPLIES = [
    "<think>\nI need 17 × 23. 17 × 20 = 340.\n</think>\n\n17 × 23 = 391.",
    "<think>\n\n</think>\n\n391 + 9 = 400.",  # /no_think: empty block
    "17 × 23 = 391.",  # enable_thinking=False: no tags at all
    "  <think>a  b\n\n c</think>x  y ",  # odd whitespace inside sections is kept
    "<think>\nUse a < b and </thin words.\n</think>\n\nAnswer: <b>bold</b>",  # near-tags
    "<think>\n</think>",  # thinking only, empty answer
    "",
]


def run(chunks, **kwargs):
    parser = ThinkingStreamParser(**kwargs)
    deltas = [d for chunk in chunks for d in parser.feed(chunk)] + parser.finish()
    thinking = "".join(d.text for d in deltas if d.kind == "thinking")
    answer = "".join(d.text for d in deltas if d.kind == "answer")
    assert (thinking, answer) == (parser.thinking, parser.answer)
    return thinking, answer, deltas


def splits(text, cuts):
    points = [0, *cuts, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(points)]


@pytest.mark.parametrize("text", REPLIES)
def test_every_single_cut_matches_split_thinking_text(text):
    expected = split_thinking_text(text)
    for cut in range(len(text) + 1):
        thinking, answer, _ = run(splits(text, [cut]))
        assert (thinking, answer) == expected, (cut, text[:cut], text[cut:])


@pytest.mark.parametrize("text", REPLIES[:2])
def test_every_pair_of_cuts_and_char_by_char(text):
    expected = split_thinking_text(text)
    for a, b in itertools.combinations(range(len(text) + 1), 2):
        assert run(splits(text, [a, b]))[:2] == expected, (a, b)
    assert run(list(text))[:2] == expected


def test_tags_split_at_every_position():
    for tag in ("<think>", "</think>"):
        for cut in range(1, len(tag)):
            text = f"<think>\nx\n{tag[:cut]}" if tag == "</think>" else tag[:cut]
            rest = tag[cut:] + ("\n\ny" if tag == "</think>" else "\nx\n</think>\n\ny")
            assert run([text, rest])[:2] == ("x", "y"), (tag, cut)


def test_deltas_stream_before_the_reply_ends_and_hold_back_only_what_they_must():
    parser = ThinkingStreamParser()
    assert parser.feed("<thi") == []  # could still become <think>
    assert parser.feed("nk>\nStep one") == [Delta("thinking", "Step one")]
    assert parser.in_thinking
    assert parser.feed(", step two.\n</th") == [Delta("thinking", ", step two.")]
    assert parser.feed("ink>\n\nDone") == [Delta("answer", "Done")]
    assert not parser.in_thinking
    assert parser.feed(" here.  ") == [
        Delta("answer", " here.")
    ]  # trailing spaces wait
    assert parser.feed("More.") == [Delta("answer", "  More.")]
    assert parser.finish() == []


def test_one_chunk_with_both_sections_gives_two_deltas():
    _, _, deltas = run(["<think>\nhm\n</think>\n\nok"])
    assert deltas == [Delta("thinking", "hm"), Delta("answer", "ok")]


def test_answer_without_tags_is_answer_even_if_it_starts_like_a_tag():
    assert run(["<", "b>bold</b>"])[:2] == ("", "<b>bold</b>")
    assert run(["<thi"])[:2] == ("", "<thi")  # reply ended: the fragment was answer


def test_unterminated_thinking_stays_thinking():
    # A reply cut off by max_new_tokens inside its thinking: all thinking, as in
    # split_thinking_text and the vLLM 0.34 / SGLang 0.5.23 reasoning parsers.
    text = "<think>\nstill going...\n</thi"
    assert run(["<think>\nstill going", "...\n</thi"])[:2] == (
        "still going...\n</thi",
        "",
    )
    assert split_thinking_text(text) == ("still going...\n</thi", "")
    assert split_thinking_ids([THINK_START_ID, 5, 6]) == ([THINK_START_ID, 5, 6], [])
    assert split_thinking_ids([5, 6]) == ([], [5, 6])
    assert split_thinking_ids([5, 6], starts_in_thinking=True) == ([5, 6], [])
    assert split_thinking_text("still", starts_in_thinking=True) == ("still", "")


def test_thinking_2507_output_has_no_opening_tag():
    text = "I reason here.\n</think>\n\nAnswer."
    assert run([text], starts_in_thinking=True)[:2] == ("I reason here.", "Answer.")
    assert run([text])[:2] == ("", text)  # without the flag the tag is text


def test_after_the_first_close_everything_is_answer():
    assert run(["<think>a</think>b</think>c"])[:2] == ("a", "b</think>c")
    assert split_thinking_text("<think>a</think>b</think>c") == ("a", "b</think>c")
    ids = [THINK_START_ID, 1, THINK_END_ID, 2, THINK_END_ID, 3]
    assert split_thinking_ids(ids) == (ids[:3], ids[3:])


def test_bad_use_is_refused():
    parser = ThinkingStreamParser()
    with pytest.raises(TypeError, match="chunk must be a string"):
        parser.feed(b"<think>")
    parser.finish()
    with pytest.raises(RuntimeError, match="after finish"):
        parser.feed("x")
    with pytest.raises(RuntimeError, match="finish\\(\\) called twice"):
        parser.finish()


@pytest.mark.parametrize(
    ("messages", "enable_thinking", "expected"),
    [
        ([{"role": "user", "content": "Hi"}], True, True),
        ([{"role": "user", "content": "Hi /no_think"}], True, False),
        ([{"role": "user", "content": "Hi /think"}], False, False),
        (
            [{"role": "user", "content": "models./no_think"}],
            True,
            False,
        ),  # the card's form
        (
            [
                {"role": "system", "content": "/no_think"},
                {"role": "user", "content": "Hi"},
            ],
            True,
            False,
        ),
        (
            [
                {"role": "user", "content": "a /no_think"},
                {"role": "assistant", "content": "b"},
                {"role": "user", "content": "c /think"},
            ],
            True,
            True,
        ),
        ([{"role": "user", "content": "/no_think then /think"}], True, True),
        (
            [{"role": "user", "content": "see http://x.org/think/ or /thinking"}],
            True,
            True,
        ),
        (
            [{"role": "assistant", "content": "/no_think"}],
            True,
            True,
        ),  # only user/system count
        # content parts: servers join their text before the chat template sees it
        (
            [{"role": "user", "content": [{"type": "text", "text": "/no_think"}]}],
            True,
            False,
        ),
    ],
)
def test_wants_thinking(messages, enable_thinking, expected):
    assert wants_thinking(messages, enable_thinking=enable_thinking) is expected


@pytest.mark.parametrize(
    "bad", ["Hi /no_think", {"role": "user"}, [{"content": "x"}], [3]]
)
def test_wants_thinking_rejects_bad_messages(bad):
    with pytest.raises(TypeError, match="message"):
        wants_thinking(bad)
