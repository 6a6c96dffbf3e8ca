"""The compact id set used by batch runs."""

from __future__ import annotations

from geomap.idset import IdSet


def test_membership_across_buffer_merges():
    seen = IdSet(buffer=8)
    ids = [f"doc-{i}" for i in range(100)]
    for i in ids[:50]:
        seen.add(i)
    assert all(i in seen for i in ids[:50])
    assert not any(i in seen for i in ids[50:])
    assert len(seen) == 50 and seen
    for i in ids[:50]:
        seen.add(i)
    assert len(seen) == 50


def test_adding_twice_counts_once_and_odd_ids_work():
    seen = IdSet(["é", "\udcff", ""])
    seen.add("é")
    assert len(seen) == 3 and "" in seen and "\udcff" in seen and 5 not in seen
    assert not IdSet()
