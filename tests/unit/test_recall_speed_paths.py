"""The pieces that keep recall fast in a big memory, on a real SQLite store and Chroma index:
the flat vector cache, BM25's posting budget and the neighbour lookup."""

from __future__ import annotations

import numpy as np

from app.bootstrap import Services
from memory.candidates import neighbours
from memory.lexical import LexicalSearch
from memory.records import RecordIn
from memory.store import SourceIn
from memory.vector_cache import VectorCache


def unit_rows(n: int, dim: int, seed: int = 1) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_vector_cache_round_trip_delete_and_clear(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cache = VectorCache(tmp_path / "v.f16", 8)
    vecs = unit_rows(3, 8)
    cache.put([5, 1, 900], vecs)
    got = cache.get([1, 5, 900, 7, 10_000, 0])
    assert set(got) == {1, 5, 900}  # 7 is a hole, 10000 past the end, 0 never used
    assert np.allclose(got[5], vecs[0], atol=2e-3)
    assert np.allclose(got[900], vecs[2], atol=2e-3)
    cache.delete([5])
    assert set(cache.get([1, 5])) == {1}
    # Another handle on the same file (another process) sees the rows.
    other = VectorCache(tmp_path / "v.f16", 8)
    assert set(other.get([1, 900])) == {1, 900}
    cache.clear()
    assert other.get([1, 900]) == {}
    cache.close()
    other.close()


def test_vector_cache_rows_keep_the_order_asked_across_runs_of_ids(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cache = VectorCache(tmp_path / "v.f16", 8)
    vecs = unit_rows(5, 8)
    cache.put([3, 4, 5, 6, 10], vecs)
    found, matrix = cache.rows([6, 4, 10, 5, 3, 7, 4])  # 3-7 read at once, 7 is a hole
    assert found == [6, 4, 10, 5, 3, 4]
    want = {3: 0, 4: 1, 5: 2, 6: 3, 10: 4}
    assert np.allclose(matrix, vecs[[want[i] for i in found]], atol=2e-3)
    cache.close()


def test_index_serves_record_vectors_from_the_cache_and_heals_it(services: Services) -> None:
    index = services.index
    dim = index.identity.dimension
    vecs = unit_rows(4, dim, seed=3)
    index.upsert(["r1", "r2", "r3", "f9"], vecs, [{"tier": "record"}] * 4)
    assert index.cache is not None
    assert set(index.cache.get([1, 2, 3])) == {1, 2, 3}
    assert index.cache.get([9]) == {}  # only record ids ("r...") are cached
    # A cache that lost its rows (written before it existed, a failed write) is refilled
    # from Chroma on the next read, and the answers are the same either way.
    index.cache.clear()
    got = index.get_vectors(["r1", "r2", "f9", "r404"])
    assert set(got) == {"r1", "r2", "f9"}
    assert np.allclose(got["r2"], vecs[1], atol=1e-5)
    assert set(index.cache.get([1, 2, 3])) == {1, 2}
    again = index.get_vectors(["r1", "r2"])
    assert np.allclose(again["r1"], vecs[0], atol=2e-3)
    index.delete(["r1"])
    assert set(index.get_vectors(["r1", "r2"])) == {"r2"}
    index.reset()
    assert index.get_vectors(["r2"]) == {}


def test_record_cosines_from_the_cache_with_chroma_behind_it(services: Services) -> None:
    index = services.index
    dim = index.identity.dimension
    vecs = unit_rows(3, dim, seed=4)
    q = unit_rows(1, dim, seed=5)[0]
    index.upsert(["r1", "r2", "r3"], vecs, [{"tier": "record"}] * 3)
    assert index.cache is not None
    index.cache.delete([2])  # row 2 lost from the cache: Chroma answers for it
    got = index.record_cosines([3, 2, 1, 404], q)
    assert list(got) == [3, 1, 2, 404]  # cached first, then the rest in the order asked
    expected = vecs @ q
    assert abs(got[1] - expected[0]) < 2e-3  # float16 cache
    assert abs(got[2] - expected[1]) < 1e-5  # Chroma's float32 copy
    assert abs(got[3] - expected[2]) < 2e-3
    assert got[404] == 0.0  # a record without a vector
    assert index.record_cosines([], q) == {}


def ingest(services: Services, uri: str, texts: list[str]) -> list[int]:
    recs = [RecordIn(text=t, kind="message", speaker="me", conversation="c") for t in texts]
    res = services.store.ingest_source(SourceIn(uri=uri, kind="test", content_hash=uri), recs)
    return list(res.new_record_ids)


def test_bm25_keeps_every_term_in_a_small_memory(services: Services) -> None:
    ingest(services, "a", [f"coffee with rita number {i}" for i in range(30)] + ["a quokka"])
    lex = LexicalSearch(services.db, budget=1000)
    assert sorted(lex.terms("coffee quokka")) == ["coffee", "quokka"]
    assert len(lex.search("coffee quokka", 100)) == 31


def test_bm25_drops_the_commonest_terms_over_budget(services: Services) -> None:
    ids = ingest(services, "a", [f"coffee with rita number {i}" for i in range(50)] + ["quokka tea"])
    lex = LexicalSearch(services.db, budget=10)
    assert lex.doc_freq(["coffee", "quokka"]) == {"coffee": 11, "quokka": 1}  # stops past 10
    assert lex.terms("coffee quokka") == ["quokka"]
    assert list(lex.search("coffee quokka", 100)) == [ids[-1]]
    # A single term far above the budget is no help in ranking: meaning decides.
    assert lex.terms("coffee") == []
    # A term the cached counts have never seen is kept: it may have just arrived.
    later = ingest(services, "b", ["a wombat"])
    assert lex.terms("coffee wombat") == ["wombat"]
    assert list(lex.search("wombat", 5)) == later


def test_neighbours_by_adjacent_ids_and_by_sequence(services: Services) -> None:
    first = ingest(services, "a", ["one", "two", "three"])
    other = ingest(services, "b", ["elsewhere"])
    links = neighbours(services.db, [first[1], other[0]])
    assert links[first[1]] == (first[0], first[2])
    assert links[other[0]] == (None, None)  # ids next to it belong to another source
    # A changed middle record: the file's records are replaced, links follow seq, not ids.
    services.db.execute("UPDATE records SET status = 'superseded' WHERE id = ?", (first[0],))
    assert neighbours(services.db, [first[1]])[first[1]] == (None, first[2])

