import random

import numpy as np

from newsarchive.search.matches import Matches, all_of, among, any_of, concatenated, maybe, phrase_documents, without


def test_a_phrase_is_found_where_its_words_stand_in_order_in_one_document():
    def places(*found, shift=16):
        return np.array(
            [document << shift | position for document, position in found], dtype=np.uint32 if shift == 16 else np.uint64
        ), shift

    def found(words):
        return phrase_documents(words).tolist()

    said, president = places((1, 4), (2, 0), (3, 10)), places((1, 5), (2, 32_767), (3, 12))
    assert found([said, president]) == [1]
    assert found([president, said]) == []
    # A later word's place less its distance never reads as another document's last places.
    assert found([places((1, 32_767)), places((2, 0))]) == []
    # Three words, the fewest places in the middle, one list of 64 bits (a long article's word).
    first, middle, last = places((1, 2), (1, 8), (5, 0)), places((1, 9), shift=32), places((1, 3), (1, 10), (5, 1), shift=32)
    assert found([first, middle, last]) == [1]
    assert found([first, places()]) == []
    # Many documents: those where both words stand in order, each once.
    two = places(*[(document, at) for document in range(0, 60_000, 3) for at in (7, 20)]), places(*[(d, 8) for d in range(0, 60_000, 2)])
    assert found(list(two)) == list(range(0, 60_000, 6))


def _as_dict(matches: Matches) -> dict[int, float]:
    return {document: score for score, document in matches.pairs()}


def test_joined_matches_are_the_dicts_the_searcher_joined_to_the_last_bit():
    """AND, OR, ANDNOT and ANDMAYBE of random matches (some of the same documents, as a name's word and its
    key often are, or some of another's, as its title's are), and those of them among some documents: the
    documents and scores (summed in the parts' order) that joining them as dicts, as the searcher did before,
    gives, to the last bit of each score."""
    draw = random.Random(52)
    for _ in range(600):
        parts = []
        for _ in range(draw.randint(1, 4)):
            kind = draw.choice(["same", "some of", "other", "other"]) if parts else "other"
            earlier = parts[-1].documents.tolist() if parts else []
            documents = {
                "same": earlier,
                "some of": sorted(draw.sample(earlier, draw.randint(0, len(earlier)))),
                "other": sorted(draw.sample(range(60), draw.randint(0, 30))),
            }[kind]
            parts.append(Matches.of([(draw.random() * draw.choice([1, 3.7, 1e-7]), document) for document in documents]))
        dicts = [_as_dict(part) for part in parts]
        common = set.intersection(*(set(part) for part in dicts))
        assert _as_dict(all_of(parts)) == {document: sum(part[document] for part in dicts) for document in common}
        union: dict[int, float] = {}
        for part in dicts:
            for document, score in part.items():
                union[document] = union[document] + score if document in union else score
        assert _as_dict(any_of(parts)) == union
        first, second = dicts[0], dicts[-1]
        assert _as_dict(without(parts[0], parts[-1])) == {d: s for d, s in first.items() if d not in second}
        assert _as_dict(maybe(parts[0], parts[-1])) == {d: s + second.get(d, 0.0) for d, s in first.items()}
        some = np.array(sorted(draw.sample(range(60), draw.choice([0, 1, 5, 40]))), dtype=np.int64)
        assert _as_dict(among(parts[0], some)) == {d: s for d, s in first.items() if d in set(some.tolist())}
        assert among(parts[0], None) is parts[0]
        for joined in (all_of(parts), any_of(parts), without(parts[0], parts[-1]), maybe(parts[0], parts[-1]), among(parts[0], some)):
            assert list(joined.documents) == sorted(set(joined.documents.tolist()))  # (ascending, each once)


def test_a_terms_segments_are_one_run_of_matches():
    first, second = Matches.of([(1.0, 2), (2.0, 5)]), Matches.of([(3.0, 9)])
    assert concatenated([first, second]).pairs() == [(1.0, 2), (2.0, 5), (3.0, 9)]
    assert concatenated([]).pairs() == [] and concatenated([first]) is first
