"""Work spread over the cores: when a pool is used, and the results' order."""

from __future__ import annotations

import os

import pytest

from berita.workers import QUICK, SLOW, map_items, worker_count


def process_of(number: int) -> tuple[int, int]:
    return number, os.getpid()


def test_two_slow_items_get_a_worker_process_each_and_keep_their_order() -> None:
    # A photo's sizes take a quarter of a second: two photos are worth a pool, one each.
    if worker_count() < 2:
        pytest.skip("one core: no worker processes")
    made = map_items(process_of, [0, 1, 2, 3], pace=SLOW)
    assert [number for number, _ in made] == [0, 1, 2, 3]
    assert os.getpid() not in {pid for _, pid in made}


def test_a_few_quick_items_are_done_here_without_a_pool() -> None:
    made = map_items(process_of, list(range(QUICK.pool_from - 1)))
    assert {pid for _, pid in made} == {os.getpid()}
