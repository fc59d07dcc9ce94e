from __future__ import annotations

import uuid

from coachdesk.models.hlc import HybridLogicalClock, Timestamp
from coachdesk.models.ids import uuid7
from coachdesk.models.textfold import fold, identifier_terms, sort_key


def test_uuid7_has_version_7_and_sorts_by_creation() -> None:
    ids = [uuid7() for _ in range(2000)]
    assert all(uuid.UUID(i).version == 7 and uuid.UUID(i).variant == uuid.RFC_4122 for i in ids)
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_hlc_never_goes_backwards_when_the_wall_clock_does() -> None:
    walls = iter([1000, 1000, 900, 900, 2000])
    clock = HybridLogicalClock("node-a", wall=lambda: next(walls))
    stamps = [clock.now() for _ in range(5)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 5
    assert Timestamp.decode(stamps[2]) == Timestamp(1000, 2, "node-a")


def test_hlc_moves_past_a_remote_stamp_and_resumes_from_the_last_one() -> None:
    clock = HybridLogicalClock("a", wall=lambda: 10)
    clock.observe(Timestamp(500, 3, "b").encode())
    assert Timestamp.decode(clock.now()) == Timestamp(500, 4, "a")
    resumed = HybridLogicalClock("a", last=Timestamp(800, 1, "a").encode(), wall=lambda: 10)
    assert Timestamp.decode(resumed.now()) == Timestamp(800, 2, "a")


def test_folding_treats_variant_spellings_alike() -> None:
    assert fold("Åsa Öberg") == "asa oberg"
    assert fold("مُحَمَّد") == fold("محمد")
    assert fold("أحمد") == fold("احمد") == fold("إحمد")
    assert fold("ﻣﺤﻤﺪ") == fold("محمد")  # presentation forms
    assert fold(None) == ""


def test_identifier_terms_cover_the_forms_people_type() -> None:
    terms = identifier_terms("19850312-1231", "+46701234567").split()
    assert terms == ["198503121231", "8503121231", "46701234567", "0701234567"]


def test_sort_key_is_swedish_alphabetical() -> None:
    names = ["Öberg", "Zetterlund", "Åberg", "Ahlberg", "Ädel", "Élise", "Eklund"]
    ordered = sorted(names, key=lambda n: sort_key(n, ""))
    assert ordered == ["Ahlberg", "Eklund", "Élise", "Zetterlund", "Åberg", "Ädel", "Öberg"]
    assert sort_key("Berg", "Anna") < sort_key("Berg", "Bo") < sort_key("Bergström", "Anna")
