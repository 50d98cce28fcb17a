"""The playground's in-Python time limit (calculator/timelimit.py)."""

import json

from calculator import timelimit


def test_endless_while_is_stopped_and_named():
    code = "import keras\nx = 0\nwhile True:\n    x += 1\n"
    res = timelimit.handle_limited({"op": "run", "code": code}, 0.2)
    assert res["ok"] is False
    assert res["error"]["type"] == "TimeoutError"
    assert res["error"]["message"] == "stopped after 0.2 s: `while True:` on line 3 never ended"
    assert res["errors"]["code"] == res["error"]["message"]


def test_except_baseexception_cannot_keep_running():
    code = "while True:\n    try:\n        pass\n    except BaseException:\n        pass\n"
    res = timelimit.handle_limited({"op": "widget", "widget": "playground", "values": {"code": code}}, 0.2)
    assert res["error"]["message"].endswith("`while True:` on line 1 never ended")


def test_innermost_loop_is_named():
    code = "for i in range(3):\n    j = 0\n    while j >= 0:\n        j += 1\n"
    assert timelimit.innermost_loop(code, 4) == ("while j >= 0:", 3)
    assert timelimit.innermost_loop(code, 2) == ("for i in range(3):", 1)
    assert timelimit.stopped_message(code, 2, 5) == "stopped after 5 s: `for i in range(3):` on line 1 never ended"
    assert timelimit.stopped_message("x = 1\n", 1, 5) == "stopped after 5 s: line 1 was still running"


def test_code_within_the_limit_answers_as_handle_does():
    from calculator import api
    req = {"op": "run", "code": "print(6 * 7)\n"}
    assert json.loads(timelimit.handle_json_limited(json.dumps(req), 5)) == json.loads(api.handle_json(json.dumps(req)))


def test_bad_json_is_an_error_not_a_raise():
    assert json.loads(timelimit.handle_json_limited("{", 1))["ok"] is False
    assert json.loads(timelimit.handle_json_limited("[1]", 1))["error"]["type"] == "TypeError"
