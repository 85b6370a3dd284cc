"""Every problem code the validator's tests expect is explained in CONTRIBUTING.md."""

from __future__ import annotations

import re

from catalogues import FIXTURES, REPO


def test_every_tested_code_is_documented() -> None:
    codes = set()
    for expected in (FIXTURES / "validate" / "cases").glob("*/expected.yml"):
        codes.update(re.findall(r'"code": "([a-z0-9-]+)"', expected.read_text(encoding="utf-8")))
    documented = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")))
    assert len(codes) > 30
    assert sorted(codes - documented) == []
