"""URL parameters (issue 10, point 5): what a person types in the address means the option
it names, whatever the case or separators; Python decides and says which option it chose."""

from __future__ import annotations

import pytest

from calculator import api, parse


@pytest.mark.parametrize("typed", ["ResNet50", "RESNET50", "resnet-50", "ResNet 50", "resnet50"])
def test_architecture_model_param_is_forgiving(typed):
    r = api.handle({"op": "widget", "widget": "architectures", "values": {"model": typed}})
    assert r["ok"] and r["values"] == {"model": "resnet50"}
    assert "ResNet50" in r["html"] or "resnet50" in r["html"]


def test_unknown_model_param_is_an_error_at_the_field():
    r = api.handle({"op": "widget", "widget": "architectures", "values": {"model": "resnet"}})
    assert not r["ok"] and "model" in r["errors"] and "values" not in r


@pytest.mark.parametrize("level,topic", [("EASY", "Any"), ("Medium", "POOLING"),
                                         ("hard", "params")])
def test_practice_level_and_topic_are_case_insensitive(level, topic):
    r = api.handle({"op": "quiz.practice", "seed": "7", "level": level, "topic": topic})
    assert r["ok"] and (r["level"], r["topic"]) == (level.lower(), topic.lower())
    same = api.handle({"op": "quiz.practice", "seed": "7", "level": level.lower(),
                       "topic": topic.lower()})
    assert r["question"] == same["question"]


def test_match_option_needs_one_clear_match():
    assert parse.match_option("Same", ["valid", "same"]) == "same"
    assert parse.match_option("a-b", ["ab", "a_b"]) is None  # two options mean the same
    assert parse.match_option("vgg", ["vgg16", "vgg19"]) is None
