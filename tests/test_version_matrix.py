"""Every example also runs on the oldest transformers the site claims to support.

The run itself (a clean venv with torch and transformers at ``LOWEST``, then
``tests/test_examples.py`` there on the main run's tiny checkpoint) is in
``tests/lowest_versions.py``; it starts with the session, beside the other tests, and the
test here checks its result.
"""

from __future__ import annotations

import pytest
from lowest_versions import (
    LOWEST,
    REQUIRES,
    TEST_NAME,
    _name,
    _release,
    lowest_requirements,
)

pytestmark = [pytest.mark.version_matrix, pytest.mark.slow]


def test_examples_on_lowest_transformers(background_jobs, tiny_model):
    assert TEST_NAME == "test_examples_on_lowest_transformers"
    result = background_jobs["lowest"].result()
    assert result.transformers_version == LOWEST["transformers"]
    assert result.torch_version.split("+")[0] == LOWEST["torch"]
    print(
        f"\ntransformers {result.transformers_version}, torch {result.torch_version}: "
        f"venv {result.venv_seconds:.0f} s, examples {result.examples_seconds:.0f} s"
    )
    for example, why in result.skipped.items():
        print(f"  not run on {result.transformers_version}: {example} ({why})")
    run = result.run
    assert run.returncode == 0, (
        f"examples fail on transformers {result.transformers_version}:\n"
        f"{run.stdout[-6000:]}\n{run.stderr[-2000:]}"
    )
    assert sorted(p.name for p in result.cache.iterdir()) == [
        f"{tiny_model.name.rsplit('-', 1)[0]}-{result.fingerprint}"
    ], "the old environment built its own model instead of using the shared one"
    assert " passed" in run.stdout.splitlines()[-1]


def test_lowest_requirements_pin_torch_and_transformers():
    requirements = lowest_requirements()
    assert f"transformers=={LOWEST['transformers']}" in requirements
    assert f"torch=={LOWEST['torch']}" in requirements
    assert not [r for r in requirements if _name(r) == "qwen3-handbook"]


def test_requires_marker_is_read():
    text = "# handbook: requires transformers>=5.0 (router internals changed in 5.0)\n"
    match = REQUIRES.search(text)
    assert match and match["version"] == "5.0" and _release("5.0") > _release("4.56.2")
