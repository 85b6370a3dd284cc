"""Browse pages link to the first, last and nearby pages only, so long listings stay small."""

from __future__ import annotations

from oerbank.render.site import pager_window


def test_pager_window() -> None:
    assert pager_window(1, 1) == [1]
    assert pager_window(2, 3) == [1, 2, 3]
    assert pager_window(7, 20) == [1, 0, 5, 6, 7, 8, 9, 0, 20]
    assert pager_window(20, 20) == [1, 0, 18, 19, 20]
    assert len(pager_window(300, 600)) == 9
