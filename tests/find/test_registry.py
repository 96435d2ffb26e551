"""Cleaner ids: built-ins from kinds.toml, custom ones registered in a scope that does not leak."""

from __future__ import annotations

import pytest

import arclean
from arclean.find import CLEANERS, CueCleaner, DataError
from arclean.find.kinds import kind_names
from arclean.find.registry import BUILTIN_CLEANERS, Registry

STORY = "أعلنت الهيئة العامة للإحصاء اليوم ارتفاع معدل النمو الاقتصادي خلال الربع الثالث من العام الجاري."


def test_builtin_ids_are_the_kinds_in_priority_order() -> None:
    assert tuple(BUILTIN_CLEANERS) == kind_names()
    assert arclean.Pipeline.default().to_config().cleaners == kind_names()


def test_custom_cleaners_register_and_round_trip() -> None:
    class ShoutCleaner(CueCleaner):
        pass

    with CLEANERS.scope():
        arclean.register_cleaner("shout", lambda: ShoutCleaner("ad", id="shout"))
        with pytest.raises(ValueError, match="already registered"):
            arclean.register_cleaner("shout", lambda: ShoutCleaner("ad"))
        pipeline = arclean.Pipeline(["shout"])
        assert round_trip(pipeline) == pipeline
        assert pipeline.clean("إعلان\n" + STORY).removed[0].kind == "ad"
    assert "shout" not in CLEANERS, "a scoped registration outlived its scope"
    with pytest.raises(ValueError, match="unknown cleaner id 'shout'"):
        arclean.Pipeline(["shout"])


def round_trip(pipeline: arclean.Pipeline) -> arclean.Pipeline:
    return arclean.Pipeline.from_config(pipeline.to_config().model_dump_json())


def test_scopes_nest_and_undo_only_their_own() -> None:
    registry = Registry({"a": lambda: CueCleaner("ad")})
    with registry.scope():
        registry.register("b", lambda: CueCleaner("ad"))
        with registry.scope():
            registry.register("c", lambda: CueCleaner("ad"))
            assert list(registry) == ["a", "b", "c"]
        assert list(registry) == ["a", "b"]
    assert list(registry) == ["a"] and len(registry) == 1


def test_a_custom_cue_cleaner_brings_its_own_cue_file(tmp_path) -> None:
    cue_file = tmp_path / "my_cues.toml"
    cue_file.write_text(
        """
[[cue]]
id = "ad.our_slot"
kind = "ad"
role = "line"
pattern = '''ركن رعاتنا الكرام$'''
max_words = 4
why = "our site's ad slot"
examples = ["ركن رعاتنا الكرام"]
counter = ["ركن رعاتنا الكرام في المعرض بيعت كلها."]
""",
        encoding="utf-8",
    )
    mine = CueCleaner("ad", cue_file=cue_file, id="my_ads")
    assert [cue.id for cue in mine.line_cues] == ["ad.our_slot"]
    with CLEANERS.scope():
        arclean.register_cleaner("my_ads", lambda: CueCleaner("ad", cue_file=cue_file, id="my_ads"))
        result = arclean.Pipeline(["my_ads"]).clean("ركن رعاتنا الكرام\n" + STORY)
    assert [(r.kind, r.rule) for r in result.removed] == [("ad", "ad.our_slot")]
    # the built-in "ad" cue "إعلان" is not in that file
    assert arclean.Pipeline(["ad"]).clean("ركن رعاتنا الكرام\n" + STORY).removed == ()


def test_a_cue_file_of_the_wrong_kind_or_unreadable_is_a_clear_error(tmp_path) -> None:
    cue_file = tmp_path / "cues.toml"
    cue_file.write_text(
        '[[cue]]\nid = "tags.x"\nkind = "tags"\nrole = "line"\npattern = "x"\nwhy = "w"\nexamples = ["x"]\ncounter = ["y"]\n',
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"takes only 'ad' cues; other kinds: tags\.x"):
        CueCleaner("ad", cue_file=cue_file)
    with pytest.raises(DataError, match=r"missing\.toml"):
        CueCleaner("ad", cue_file=tmp_path / "missing.toml")
    with pytest.raises(TypeError):
        CueCleaner("ad", "a description is no longer an argument")  # type: ignore[misc]
