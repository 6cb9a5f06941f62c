"""The collector's rules for the long stages: survivors left alone, collections made rarer."""

import gc
import weakref

import pytest

from newsarchive.collector import YOUNG_EVERY, rarer_collections, survivors_left_alone


def test_a_builds_survivors_of_a_full_collection_are_left_out_of_the_later_ones_and_garbage_is_still_freed():
    class Node:
        pass

    def cycle() -> Node:
        node = Node()
        node.itself = node
        return node

    callbacks = list(gc.callbacks)
    with survivors_left_alone():
        kept = cycle()
        gc.collect()
        assert gc.get_freeze_count() > 0
        assert all(obj is not kept for obj in gc.get_objects())  # frozen: the next collection does not walk it
        garbage = weakref.ref(cycle())  # made after the freeze: freed as before
        gc.collect()
        assert garbage() is None
    assert gc.get_freeze_count() == 0 and gc.callbacks == callbacks
    assert any(obj is kept for obj in gc.get_objects())


def test_collections_are_rarer_in_the_block_and_as_before_after_it_even_after_an_error():
    before = gc.get_threshold()
    made_before = [[]]
    with rarer_collections():
        assert gc.get_threshold()[0] == YOUNG_EVERY
        assert all(obj is not made_before for obj in gc.get_objects())  # frozen: left out of the block's collections
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    assert any(obj is made_before for obj in gc.get_objects())
    with pytest.raises(ValueError), rarer_collections():
        raise ValueError
    assert gc.get_threshold() == before


def test_the_search_index_and_its_export_run_with_rarer_collections(tmp_path, monkeypatch):
    from newsarchive.search import export, index

    seen = []
    monkeypatch.setattr(index, "_update", lambda *args: seen.append(gc.get_threshold()[0]) or index.IndexReport())
    monkeypatch.setattr(export, "_read_state", lambda *args: seen.append(gc.get_threshold()[0]) or None)
    monkeypatch.setattr(export, "IndexReader", lambda *args, **kwargs: pytest.fail("stop here"))
    (tmp_path / "articles").mkdir()
    index.update_index(tmp_path / "articles", tmp_path / "index")
    with pytest.raises(pytest.fail.Exception):
        export.export_static(tmp_path / "index", tmp_path / "out", {})
    assert seen == [YOUNG_EVERY, YOUNG_EVERY]
