"""Every region with data of its own, a city whose province has data (henan/luoyang), a
region without any (tianjin) and the national data again: every 23rd path each, from offsets that together cover every
path, read by every rule (tests/sweep.py)."""

from __future__ import annotations

import pytest
from sweep import *  # noqa: F403 (the rules' tests, run on this file's sweep)
from sweep import EVERY, Sweep, run


@pytest.fixture(scope="module")
def regions(data) -> list[str]:
    return ["national", "tianjin", "henan/luoyang", *data.overlays]


@pytest.fixture(scope="module")
def sweep(data, regions, validate_contract) -> Sweep:
    return run(data, regions, validate_contract)


def test_the_sweep_covers_every_path(sweep, regions):
    routing = 7812
    assert sorted(sweep.built) == sorted(regions)
    for region in regions:
        assert sweep.built[region] in (routing // EVERY, routing // EVERY + 1), region


def test_every_item_appears_on_some_path(data, sweep):
    """No item is dead: the base items and every overlay item show up somewhere."""
    expected = {i.id for i in data.items}
    for overlays in data.overlays.values():
        for overlay in overlays:
            expected |= {i.id for i in overlay.add}
    assert expected - sweep.seen == set()
