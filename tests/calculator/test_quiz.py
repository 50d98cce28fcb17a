"""Quiz engine: answers computed from the model, options checked, mistakes named, practice valid.

Expected values are derived by hand in each test from the layer's rule.
"""

import math
import random

import pytest
from hypothesis import given, settings, strategies as st

from calculator.quiz import QuizError, grade, parse
from calculator.quiz.practice import LEVELS, TOPICS, generate
from calculator.quiz.questions import Question, normalize

QUIZ_CODE = """\
from keras.models import Sequential
from keras.layers import Conv2D
model = Sequential()
model.add(Conv2D(filters=32, kernel_size=3, strides=2, padding='same',
                 activation='relu', input_shape=(128, 128, 3)))
"""

DIMENSIONALITY = """\
code:
    from keras.models import Sequential
    from keras.layers import Conv2D
    model = Sequential()
    model.add(Conv2D(filters=32, kernel_size=3, strides=2, padding='same',
                     activation='relu', input_shape=(128, 128, 3)))
---
question: How many parameters does the convolutional layer have?
ask: params
options: 902, 306, 896, 1034
---
question: What is the depth of the convolutional layer?
ask: depth
options: 3, 16, 32, 64
---
question: What is the width of the convolutional layer?
ask: width
options: 3, 16, 32, 64
"""

# Hand derivation: K·F·F·D_in + K = 32·3·3·3 + 32; depth = K = 32; width = ceil(128 / 2).
PARAMS = 32 * 3 * 3 * 3 + 32
DEPTH = 32
WIDTH = math.ceil(128 / 2)


def q(kind, code=QUIZ_CODE, **kw):
    return Question(text="?", kind=kind, code=code, **kw)


def test_dimensionality_quiz_answers_come_from_the_model():
    quiz = parse(DIMENSIONALITY, quiz_id="dimensionality")
    assert [x.answer() for x in quiz["questions"]] == [PARAMS, DEPTH, WIDTH]
    assert PARAMS == 896 and WIDTH == 64


@pytest.mark.parametrize("index,answer", [(0, "896"), (1, "32"), (2, "64")])
def test_right_options_get_correct_with_a_derivation(index, answer):
    question = parse(DIMENSIONALITY, quiz_id="d")["questions"][index]
    result = grade(question, answer)
    assert result["correct"] and result["message"].startswith("Correct")
    assert "arithmatex" in result["html"]


@pytest.mark.parametrize("index,answer,mistake", [
    (1, "3", "depth_is_input_channels"),   # the input's 3 channels
    (1, "64", "depth_is_width"),           # the output's width
    (2, "32", "gave_filters"),             # the number of filters
    (2, "3", "gave_kernel"),               # the kernel size
])
def test_wrong_options_name_the_mistake(index, answer, mistake):
    question = parse(DIMENSIONALITY, quiz_id="d")["questions"][index]
    result = grade(question, answer)
    assert not result["correct"] and result["mistake"] == mistake
    assert result["message"].startswith("Not quite")


@pytest.mark.parametrize("index,answer", [(0, "902"), (0, "306"), (0, "1034"), (1, "16"), (2, "16")])
def test_other_wrong_options_get_the_rule(index, answer):
    question = parse(DIMENSIONALITY, quiz_id="d")["questions"][index]
    result = grade(question, answer)
    assert not result["correct"] and len(result["message"]) > 40


def test_typed_answers_are_read_leniently():
    assert normalize("1,034") == 1034 and normalize(" 896 ") == 896 and normalize("abc") is None
    assert grade(q("params"), "abc")["mistake"] == "not_an_answer"
    assert grade(q("output_shape"), "(None, 64, 64, 32)")["correct"]
    assert grade(q("output_shape"), "(64, 64, 32)")["mistake"] == "forgot_batch"


def test_conv_params_mistakes_follow_the_wrong_rules():
    question = q("params")
    values = {m.id: m.value for m in question.mistakes()}
    assert values["forgot_bias"] == 32 * 3 * 3 * 3
    assert values["forgot_input_depth"] == 32 * 3 * 3 + 32
    assert values["one_filter"] == 3 * 3 * 3 + 1


def test_size_mistakes_for_same_padding():
    # same, stride 2, n = 128, k = 3: valid would give floor((128 - 3) / 2) + 1 = 63
    values = {m.id: m.value for m in q("width").mistakes()}
    assert values["valid_instead_of_same"] == (128 - 3) // 2 + 1 == 63
    assert values["ignored_stride"] == 128


def test_size_mistakes_for_valid_padding():
    code = QUIZ_CODE.replace("padding='same'", "padding='valid'").replace("(128, 128, 3)", "(127, 127, 3)")
    question = q("height", code=code)
    assert question.answer() == (127 - 3) // 2 + 1 == 63
    values = {m.id: m.value for m in question.mistakes()}
    assert values["same_instead_of_valid"] == math.ceil(127 / 2) == 64
    assert values["forgot_plus_one"] == (127 - 3) // 2 == 62


def test_pooling_has_no_parameters_and_keeps_depth():
    code = ("import keras\nfrom keras import layers\n"
            "model = keras.Sequential([keras.Input(shape=(32, 32, 16)), layers.MaxPooling2D(2)])\n")
    assert q("params", code=code).answer() == 0
    assert q("depth", code=code).answer() == 16
    assert grade(q("params", code=code), str(2 * 2 * 16))["mistake"] == "pooling_has_weights"
    assert grade(q("depth", code=code), "8")["mistake"] == "pooling_changes_depth"


def test_model_total_counts_every_layer():
    code = ("import keras\nfrom keras import layers\n"
            "model = keras.Sequential([keras.Input(shape=(8, 8, 1)), layers.Conv2D(4, 3),"
            " layers.Flatten(), layers.Dense(10)])\n")
    conv = 4 * 3 * 3 * 1 + 4            # 40
    dense = (6 * 6 * 4) * 10 + 10       # 1450 (Flatten of 6x6x4)
    question = q("total_params", code=code)
    assert question.answer() == conv + dense
    assert grade(question, str(conv + dense - 14))["mistake"] == "forgot_biases"
    assert grade(question, str(dense))["mistake"] == "only_dense"


def test_build_fails_when_options_lack_the_answer_or_repeat_it():
    with pytest.raises(QuizError, match="none of"):
        parse(DIMENSIONALITY.replace("902, 306, 896, 1034", "902, 306, 897, 1034"))
    with pytest.raises(QuizError, match="2 of"):
        parse(DIMENSIONALITY.replace("902, 306, 896, 1034", "896, 306, 896, 1034"))


def test_build_fails_on_a_question_that_does_not_apply():
    with pytest.raises(QuizError):
        parse("code:\n    import keras\n    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])\n"
              "---\nquestion: height?\nask: height\n")


def test_generated_options_hold_the_answer_once():
    quiz = parse(DIMENSIONALITY.replace("options: 902, 306, 896, 1034", "options: generate"))
    question = quiz["questions"][0]
    assert [normalize(o) for o in question.options].count(PARAMS) == 1
    assert len(question.options) == 4


def test_model_file_loader_is_used():
    quiz = parse("model: m.py\n---\nquestion: p?\nask: params\nanswer: number\n",
                 load_model=lambda name: QUIZ_CODE)
    assert quiz["questions"][0].options is None and quiz["questions"][0].answer() == PARAMS


def test_practice_is_deterministic_per_seed():
    a, b = generate("42", "medium", "any"), generate("42", "medium", "any")
    assert a.to_dict() == b.to_dict()


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), level=st.sampled_from(LEVELS), topic=st.sampled_from(TOPICS))
def test_every_practice_question_has_exactly_one_right_option(seed, level, topic):
    question = generate(seed, level, topic)
    right = question.answer()
    if question.options:
        hits = [o for o in question.options if normalize(o, question.text_kind) == normalize(right, question.text_kind)]
        assert len(hits) == 1
        assert len(set(normalize(o, question.text_kind) for o in question.options)) == len(question.options)
        for option in question.options:
            result = grade(question, option)
            assert result["correct"] == (option in hits)
            # every distractor is a known mistake, so its feedback names that mistake
            assert result["correct"] or result["mistake"] not in (None, "not_an_answer")
    assert grade(question, str(right))["correct"]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), level=st.sampled_from(LEVELS))
def test_every_mistake_is_recognised_when_typed(seed, level):
    question = generate(seed, level, random.Random(seed).choice(["size", "params", "depth", "pooling"]))
    for mistake in question.mistakes():
        assert grade(question, str(mistake.value))["mistake"] == mistake.id


@pytest.mark.parametrize("answer", ["902", "306", "1034"])
def test_unmatched_parameter_counts_are_explained_by_the_per_filter_rule(answer):
    # 32 filters of 3·3·3 = 27 weights + 1 bias: any count must be 32 × 28; these are not multiples of 32.
    result = grade(parse(DIMENSIONALITY, quiz_id="d")["questions"][0], answer)
    assert f"{int(answer):,} is not a multiple of 32" in result["message"]
    assert "32 × 28" in result["message"]


def test_unmatched_size_names_the_stride_it_would_need():
    result = grade(parse(DIMENSIONALITY, quiz_id="d")["questions"][2], "16")   # 128 / 16 = 8
    assert "stride of 8" in result["message"] and "2 pixels" in result["message"]


def test_right_width_shows_the_width_steps_not_the_parameters():
    html = grade(parse(DIMENSIONALITY, quiz_id="d")["questions"][2], "64")["html"]
    assert "W_out" in html and "Parameters" not in html


@pytest.mark.parametrize("kind, answer", [
    ("params", "abc"), ("params", "1e3"), ("params", "(None, 64, 64, 32)"), ("params", "3.5"),
    ("output_shape", "abc"), ("output_shape", "896"), ("output_shape", "(None, 64, 64"),
])
def test_malformed_answers_are_not_counted(kind, answer):
    result = grade(q(kind), answer)
    assert result["counted"] is False and result["correct"] is False
    assert result["mistake"] == "not_an_answer" and answer in result["message"]


@pytest.mark.parametrize("kind, answer", [("params", "897"), ("output_shape", "(None, 1, 2, 3)")])
def test_well_formed_wrong_answers_are_counted(kind, answer):
    result = grade(q(kind), answer)
    assert result["counted"] is True and result["correct"] is False


NON_SQUARE = """\
import keras
model = keras.Sequential([keras.Input(shape=(20, 30, 4)),
                          keras.layers.Conv2D(8, (3, 5), strides=2)])
"""


def test_feedback_uses_the_notation_page_symbols_for_a_non_square_kernel():
    # params 8·(3·5·4) + 8 = 488; forgot the input depth: 3·5·8 + 8 = 128
    question = q("params", code=NON_SQUARE)
    assert question.answer() == 488
    message = grade(question, "128")["message"]
    assert "F_h·F_w·D_in = 3·5·4 = 60" in message and "F·F" not in message
    # width: valid, floor((30 - 5) / 2) + 1 = 13; the 'same' formula gives ceil(30 / 2) = 15
    width = q("width", code=NON_SQUARE)
    message = grade(width, "15")["message"]
    assert "floor((W_in − F_w) / S) + 1 = floor((30 − 5) / 2) + 1 = 13" in message
    assert "H_in" not in message


POOL = """\
import keras
model = keras.Sequential([keras.Input(shape=(9, 9, 3)), keras.layers.MaxPooling2D(3)])
"""


def test_pooling_feedback_names_the_pool_window():
    # MaxPooling2D(3) on 15x15x5: floor((15 - 3) / 3) + 1 = 5; depth stays 5
    code = POOL.replace("(9, 9, 3)", "(15, 15, 5)")
    assert "3 is the pool window size F, not the output size" in grade(q("height", code=code), "3")["message"]
    assert "3 is the pool size, not the depth" in grade(q("depth", code=code), "3")["message"]
    # typing 13 = 15 - 3 + 1 (stride 1) is the 'ignored stride' slip
    message = grade(q("height", code=code), "13")["message"]
    assert "floor((15 − 3) / 3) + 1 = 5" in message


FROZEN = """\
import keras
base = keras.Sequential([keras.Input(shape=(8, 8, 3)), keras.layers.Conv2D(4, 3)])
base.trainable = False
model = keras.Sequential([base, keras.layers.Flatten(), keras.layers.Dense(2)])
"""


def test_trainable_and_non_trainable_distractors_get_their_own_feedback():
    # frozen conv 4·3·3·3 + 4 = 112; head Flatten 6·6·4 = 144 -> Dense 2: 290 trainable
    trainable, frozen = q("trainable_total", code=FROZEN), q("non_trainable_total", code=FROZEN)
    assert trainable.answer() == 290 and frozen.answer() == 112
    assert grade(trainable, "112")["mistake"] == "gave_non_trainable"
    assert grade(frozen, "290")["mistake"] == "gave_trainable"
    options = trainable.with_generated_options(random.Random(0)).options
    for option in options:
        result = grade(trainable, option)
        assert result["correct"] or result["mistake"] is not None


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), topic=st.sampled_from(TOPICS))
def test_easy_level_draws_what_its_description_says(seed, topic):
    question = generate(seed, "easy", topic)
    assert question.options, "easy questions always have choices"
    code = question.code
    if "Conv2D(" in code and "MaxPooling2D" not in code:
        assert "strides=1" in code and "input" not in code.split("Conv2D(")[1]
    if code.count("Pooling2D(") == 1 and "Conv2D" not in code:
        pool_args = code.split("Pooling2D(")[1].split(")")[0]
        assert "strides" not in pool_args and "padding" not in pool_args
    if "Flatten" in code:
        assert code.count("Conv2D(") == 1


def test_level_descriptions_are_shown_in_the_practice_panel():
    from calculator.quiz.practice import LEVEL_TEXT
    from calculator.quiz.render import practice_html
    html = practice_html(generate("1"), "1", "easy", "any")
    for level in LEVELS:
        assert f"<dt>{level}</dt>" in html
    assert "stride 1" in LEVEL_TEXT["easy"] and "dilation" in LEVEL_TEXT["hard"]


def test_medium_and_hard_levels_draw_what_their_descriptions_say():
    medium = [generate(seed, "medium", "any") for seed in range(120)]
    hard = [generate(seed, "hard", "any") for seed in range(120)]
    assert not any("dilation_rate" in q.code for q in medium)
    assert any("strides=3" in q.code for q in medium) and any("padding='same'" in q.code for q in medium)
    assert any("dilation_rate=2" in q.code or "dilation_rate=3" in q.code for q in hard)
    assert any("kernel_size=(3, 5)" in q.code or "kernel_size=(1, 7)" in q.code for q in hard)
    assert any("use_bias=False" in q.code for q in hard)
    # "about half" typed at medium, "most" at hard (output shapes always have choices)
    typed = lambda qs: sum(q.options is None for q in qs) / len(qs)
    assert 0.25 <= typed(medium) <= 0.75 and typed(hard) > 0.5
