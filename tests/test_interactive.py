"""The interactive guide driven by real keystrokes (prompt_toolkit pipe input, and a real terminal via pexpect)."""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from pathlib import Path

import pytest
from conftest import DATA_VERSION
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from guide.app.flow import Guide
from guide.app.interactive import equivalent_command, run_interactive
from guide.app.prompts import NumberedPrompter, QuestionaryPrompter

DOWN, UP, ENTER, SPACE, CTRL_C = "\x1b[B", "\x1b[A", "\r", " ", "\x03"
TODAY = dt.date(2026, 11, 23)


def drive(data, keys: str, *, lang="zh", prefill=None):
    """Answers produced by the questionary prompts for these keystrokes, and what was shown."""
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()  # when the keys run out, the prompt ends (EOFError) instead of waiting forever
        shown = io.StringIO()
        prompter = QuestionaryPrompter(
            lang, color=False, input=pipe, output=DummyOutput(), console=Console(file=shown, width=100)
        )
        answers = Guide(data, prompter, lang=lang, today=TODAY).run(prefill)
    return answers, shown.getvalue()


# card: 1st choice (new); region: typed freely (Chinese, pinyin) with completion
CARD_NEW = ENTER
REGION_HENAN_ZHENGZHOU = "郑州" + ENTER
INSURANCE_EMPLOYEE = ENTER
NEEDS_HOSPITAL = SPACE + ENTER
RECEIVED = "2026-05-01" + ENTER
APPLICANT_SELF = ENTER + ENTER  # applicant: self; then id_document: the first choice (居民身份证)
PIN_YES = ENTER
PROBLEMS_NONE = ENTER
CONFIRM = ENTER


def test_straight_through(data):
    keys = (
        CARD_NEW
        + REGION_HENAN_ZHENGZHOU
        + INSURANCE_EMPLOYEE
        + NEEDS_HOSPITAL
        + RECEIVED
        + APPLICANT_SELF
        + PIN_YES
        + PROBLEMS_NONE
        + CONFIRM
    )
    answers, shown = drive(data, keys)
    assert answers == {
        "card": "new",
        "region": "henan/zhengzhou",
        "insurance": "employee",
        "needs": ["hospital"],
        "received": "2026-05-01",
        "applicant": "self",
        "id_document": "id-card",
        "pin_changed": "yes",
        "problems": [],
    }
    assert "看病和买药只需要开通社保（医保）功能" in shown  # the needs question's explanation
    assert "请核对您的回答" in shown


def test_going_back_twice(data):
    back_from_insurance = DOWN * 3 + ENTER  # 3 choices, then "← 返回上一步"
    keys = (
        CARD_NEW
        + REGION_HENAN_ZHENGZHOU
        + back_from_insurance  # back to region
        + "<"
        + ENTER  # "<" goes back again: to the card question
        + DOWN * 4
        + ENTER  # card: e-medical
        + "gansu"
        + ENTER  # region gansu
        + DOWN
        + ENTER  # insurance: resident
        + NEEDS_HOSPITAL
        + APPLICANT_SELF
        + PROBLEMS_NONE
        + CONFIRM
    )
    answers, _ = drive(data, keys)
    assert answers == {
        "card": "e-medical",
        "region": "gansu",
        "insurance": "resident",
        "needs": ["hospital"],
        "applicant": "self",
        "id_document": "id-card",
        "problems": [],
    }


def test_bad_date_then_good_date(data):
    keys = (
        CARD_NEW
        + REGION_HENAN_ZHENGZHOU
        + INSURANCE_EMPLOYEE
        + NEEDS_HOSPITAL
        + "2026-02-30"
        + ENTER  # rejected at once, the prompt stays
        + "\x7f" * 10
        + "2026年3月5日"
        + ENTER
        + APPLICANT_SELF
        + PIN_YES
        + PROBLEMS_NONE
        + CONFIRM
    )
    answers, _ = drive(data, keys)
    assert answers["received"] == "2026-03-05"


def test_unknown_region_is_refused_at_once(data):
    keys = (
        CARD_NEW
        + "atlantis"
        + ENTER
        + "\x7f" * 8
        + "henan/xinxiang"
        + ENTER
        + INSURANCE_EMPLOYEE
        + NEEDS_HOSPITAL
        + RECEIVED
        + APPLICANT_SELF
        + PIN_YES
        + PROBLEMS_NONE
        + CONFIRM
    )
    answers, _ = drive(data, keys)
    assert answers["region"] == "henan/xinxiang"


def test_date_unsure(data):
    keys = (
        CARD_NEW
        + REGION_HENAN_ZHENGZHOU
        + INSURANCE_EMPLOYEE
        + NEEDS_HOSPITAL
        + "不记得"
        + ENTER
        + APPLICANT_SELF
        + PIN_YES
        + PROBLEMS_NONE
        + CONFIRM
    )
    answers, _ = drive(data, keys)
    assert answers["received"] == "unsure"


def test_change_answer_on_review_asks_only_what_depends_on_it(data):
    keys = (
        CARD_NEW
        + REGION_HENAN_ZHENGZHOU
        + INSURANCE_EMPLOYEE
        + NEEDS_HOSPITAL
        + RECEIVED
        + APPLICANT_SELF
        + PIN_YES
        + PROBLEMS_NONE
        # review: confirm, card, region, insurance, needs, received, applicant, ... -> "change applicant"
        + DOWN * 6
        + ENTER
        + DOWN
        + ENTER  # applicant: proxy
        + DOWN
        + ENTER  # the new question in_person: no
        + CONFIRM
    )
    answers, shown = drive(data, keys)
    assert answers["applicant"] == "proxy" and answers["in_person"] == "no"
    assert answers["received"] == "2026-05-01" and answers["pin_changed"] == "yes"
    assert shown.count("请核对您的回答") == 2
    assert shown.count("服务密码是看病、买药时输入的社保密码") == 1  # pin question was not asked again


def test_change_card_drops_answers_no_longer_needed(data):
    keys = (
        CARD_NEW
        + REGION_HENAN_ZHENGZHOU
        + INSURANCE_EMPLOYEE
        + NEEDS_HOSPITAL
        + RECEIVED
        + APPLICANT_SELF
        + PIN_YES
        + PROBLEMS_NONE
        + DOWN
        + ENTER  # review: change card
        + DOWN * 3
        + ENTER  # e-sbk
        + CONFIRM
    )
    answers, _ = drive(data, keys)
    assert answers["card"] == "e-sbk" and "received" not in answers and "pin_changed" not in answers


def test_prefilled_answers_skip_to_missing_questions(data):
    prefill = {"card": "e-medical", "region": "national", "insurance": "employee", "needs": ["pharmacy"]}
    answers, shown = drive(data, APPLICANT_SELF + PROBLEMS_NONE + CONFIRM, prefill=prefill)
    assert answers == dict(prefill, applicant="self", id_document="id-card", problems=[])
    assert "您手里是哪一种卡或凭证" not in shown


def test_ctrl_c_raises_keyboard_interrupt(data):
    with pytest.raises(KeyboardInterrupt):
        drive(data, CARD_NEW + CTRL_C)


def test_english_prompts(data):
    keys = DOWN * 4 + ENTER + "beijing" + ENTER + ENTER + NEEDS_HOSPITAL + APPLICANT_SELF + PROBLEMS_NONE + CONFIRM
    answers, shown = drive(data, keys, lang="en")
    assert answers["region"] == "beijing" and answers["card"] == "e-medical"
    assert "Please check your answers" in shown


def test_full_run_saves_and_prints_the_command(data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    keys = (
        DOWN * 4
        + ENTER
        + "河南省郑州市"
        + ENTER
        + ENTER
        + NEEDS_HOSPITAL
        + APPLICANT_SELF
        + PROBLEMS_NONE
        + CONFIRM
        + DOWN
        + ENTER  # save the checklist
        + UP * 3
        + ENTER  # as Markdown (the cursor starts on HTML)
        + ENTER  # under the suggested name
        + ENTER
    )  # done
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        shown = io.StringIO()
        prompter = QuestionaryPrompter(
            "zh", color=False, input=pipe, output=DummyOutput(), console=Console(file=shown, width=100)
        )
        run_interactive(
            lang="zh",
            data_dir=None,
            answers_file=None,
            save_answers=tmp_path / "a.yaml",
            today="2026-11-23",
            plain=False,
            force=False,
            prompter=prompter,
        )
    out = shown.getvalue()
    saved = tmp_path / "郑州-清单-2026-11-23.md"
    assert saved.read_text(encoding="utf-8").startswith("# 社保卡 / 医保卡办理清单")
    assert "激活医保码" in out  # the checklist was shown
    expected = (
        "sbk-guide checklist --card e-medical --region henan/zhengzhou --insurance employee "
        "--need hospital --applicant self"
    )
    assert expected in out
    saved_answers = (tmp_path / "a.yaml").read_text(encoding="utf-8")
    assert saved_answers.startswith(f"schema: sbk-guide.answers/2\ndata_version: {DATA_VERSION}\ncard: e-medical\n")


def test_equivalent_command_replays(cli, data):
    answers = {
        "card": "new",
        "region": "henan/zhengzhou",
        "insurance": "employee",
        "needs": ["hospital", "bank"],
        "received": "2026-05-01",
        "applicant": "proxy",
        "in_person": "no",
        "id_document": "id-card",
        "pin_changed": "no",
        "problems": ["locked", "lost"],
    }
    command = equivalent_command(data, answers, "zh")
    assert command == (
        "sbk-guide checklist --card new --region henan/zhengzhou --insurance employee "
        "--need hospital,bank --received 2026-05-01 --applicant proxy --in-person no --id-document id-card "
        "--pin-changed no --problem locked,lost"
    )
    import json
    import shlex

    r = cli(*shlex.split(command)[1:], "--format", "json", "--today", "2026-11-23")
    assert r.code == 0 and json.loads(r.stdout)["answers"] == answers


# ---------------------------------------------------------------- numbered mode


def test_numbered_mode(data):
    lines = (
        "\n".join(
            [
                "1",  # card new
                "17",
                "2",  # region: line 17 is henan (national is 1), then city line 2 = zhengzhou
                "9",  # insurance: not a choice -> asked again
                "1",  # employee
                "1,3",  # needs hospital + bank
                "2026/5/1",
                "0",  # back from applicant -> received asked again
                "2026.5.2",
                "1",
                "1",
                "2",
                "",  # applicant self, ID card, pin no, problems none
                "",  # review: Enter = confirm
            ]
        )
        + "\n"
    )
    out = io.StringIO()
    prompter = NumberedPrompter("zh", stdin=io.StringIO(lines), stdout=out)
    answers = Guide(data, prompter, lang="zh", today=TODAY).run()
    assert answers == {
        "card": "new",
        "region": "henan/zhengzhou",
        "insurance": "employee",
        "needs": ["hospital", "bank"],
        "received": "2026-05-02",
        "applicant": "self",
        "id_document": "id-card",
        "pin_changed": "no",
        "problems": [],
    }
    text = out.getvalue()
    assert "请输入列表中的编号。" in text and "  0) ← 返回上一步" in text and "\x1b[" not in text


def test_typed_answers_are_refused_with_the_reason(data):
    """A mistyped region or an impossible date is refused at once, saying why, in words
    that fit a prompt (no option names), and the question is asked again."""
    lines = "\n".join(["1", "郑洲", "郑州", "1", "1", "2025-02-29", "2028-01-01", "2025-03-01", "1", "1", "1", "", ""])
    out = io.StringIO()
    prompter = NumberedPrompter("zh", stdin=io.StringIO(lines + "\n"), stdout=out)
    prompter.can_complete = True  # typed regions (its complete() is plain text), not numbered lists
    answers = Guide(data, prompter, lang="zh", today=TODAY).run()
    assert (answers["region"], answers["received"]) == ("henan/zhengzhou", "2025-03-01")
    shown = out.getvalue()  # each reason follows the "> " of the refused entry
    assert "> 无法识别地区“郑洲”，您是不是想输入 河南省郑州市？\n" in shown
    assert "> 日期“2025-02-29”不存在：2025年2月只有 28 天。\n" in shown
    assert "> 2028-01-01 晚于今天（2026-11-23），请检查。\n" in shown


def test_numbered_mode_end_of_input_is_cancel(data):
    prompter = NumberedPrompter("zh", stdin=io.StringIO("1\n"), stdout=io.StringIO())
    with pytest.raises(EOFError):
        Guide(data, prompter, lang="zh", today=TODAY).run()


# ---------------------------------------------------------------- the real command


def test_no_terminal_exits_2_at_once(cli):
    r = cli()
    assert (r.code, r.stderr) == (
        2,
        "错误：没有检测到终端，无法进行问答。请改用 sbk-guide checklist 加选项生成清单（见 sbk-guide checklist --help）。\n",
    )
    r = cli("--lang", "en")
    assert r.stderr.startswith("Error: No terminal: the interactive guide needs one.")


def _spawn(*args: str, env: dict | None = None):
    pexpect = pytest.importorskip("pexpect")
    exe = str(Path(sys.executable).parent / "sbk-guide")
    quiet = {"PROMPT_TOOLKIT_NO_CPR": "1"}  # pexpect does not answer the cursor-position request: no 1 s waits
    return pexpect.spawn(
        exe, list(args), env={**os.environ, **quiet, **(env or {})}, encoding="utf-8", timeout=30, dimensions=(40, 120)
    )


def test_real_terminal_ctrl_c_exits_130():
    child = _spawn()
    child.expect("您手里是哪一种卡或凭证")
    child.sendcontrol("c")
    child.expect("已取消。")
    child.expect(pytest.importorskip("pexpect").EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "")


def test_real_terminal_ctrl_d_exits_130():
    child = _spawn()
    child.expect("您手里是哪一种卡或凭证")
    child.sendcontrol("d")
    child.expect("已取消。")
    child.expect(pytest.importorskip("pexpect").EOF)
    child.close()
    assert child.exitstatus == 130


def test_real_terminal_says_the_chosen_needs_in_chinese():
    """questionary echoes a checkbox answer as "done (2 selections)": on a real terminal
    that line is replaced by the chosen labels."""
    pexpect = pytest.importorskip("pexpect")
    child = _spawn("--today", "2026-11-23")
    child.expect("回答几个问题")  # the welcome line
    child.expect("您手里是哪一种卡或凭证")
    child.send("\r")
    child.expect("您在哪里参保")
    child.send("郑州\r")
    child.expect("您参加的是哪种医保")
    child.send("\r")
    child.expect("您想用它来做什么")
    child.send(" \x1b[B\x1b[B \r")
    child.expect("在医院看病、住院结算、银行功能")
    child.expect("您是哪天拿到这张卡的")
    assert "selections" not in child.before
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_real_terminal_numbered_mode_with_term_dumb(tmp_path):
    child = _spawn("--today", "2026-11-23", env={"TERM": "dumb"})
    for expect, send in [
        ("请输入编号", "5"),
        ("请输入编号", "1"),
        ("请输入编号", "1"),
        ("请输入编号", "1"),
        ("请输入编号", "1"),
        ("请输入编号", "1"),  # ID document: 居民身份证
        ("都不选请直接回车", ""),
        ("确认无误", "1"),
        ("要保存吗", "1"),
    ]:
        child.expect(expect)
        child.sendline(send)
    child.expect(
        "sbk-guide checklist --card e-medical --region national --insurance employee --need hospital --applicant self"
    )
    child.expect(pytest.importorskip("pexpect").EOF)
    child.close()
    assert child.exitstatus == 0


# ---------------------------------------------------------------- 40 columns


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_list_and_question_fits_40_columns_without_cuts(data, monkeypatch, lang):
    """What each prompt gives the terminal to draw at 40 columns (the question, every choice,
    the echo of the answer): wrapped by display width between words, no line wider than the
    screen (prompt_toolkit would cut it, without a "…"), none starting with closing punctuation."""
    from prompt_toolkit.layout.controls import FormattedTextControl

    from guide.app import prompts
    from guide.render.wrap import width

    drawn: list[str] = []
    real_ask = prompts._ask

    def ask(question):
        for control in question.application.layout.find_all_controls():
            if isinstance(control, FormattedTextControl):
                content = control.create_content(40, 200)
                drawn.extend("".join(f[1] for f in content.get_line(n)) for n in range(content.line_count))
        return real_ask(question)

    monkeypatch.setattr(prompts, "_ask", ask)
    keys = (
        DOWN + ENTER  # replacement: the longest card label
        + "henan/zhengzhou" + ENTER
        + DOWN + ENTER  # resident
        + SPACE + DOWN * 2 + SPACE + DOWN + SPACE + ENTER  # hospital, bank, cross-region
        + RECEIVED + APPLICANT_SELF
        + "henan/zhengzhou" + ENTER  # living region
        + PIN_YES
        + SPACE + DOWN * 6 + SPACE + ENTER  # problems: forgot-pin, activation-failed
        + CONFIRM
    )  # fmt: skip
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        shown = io.StringIO()
        prompter = QuestionaryPrompter(
            lang, color=False, input=pipe, output=DummyOutput(), console=Console(file=shown, width=40)
        )
        answers = Guide(data, prompter, lang=lang, today=TODAY).run()
    assert answers["problems"] == ["forgot-pin", "activation-failed"]
    asked = [q for q in data.questions if q.id in answers]
    long_labels = [c.label[lang] for q in asked for c in q.choices]
    assert max(width(label) for label in long_labels) > 40  # the test means something
    lines = drawn + shown.getvalue().splitlines()
    lines += [
        "".join(t for _, t in prompts._wrapped_echo(m, a, 40)).split("\n")[n]
        for m, a in [(data.question("problems").text[lang], " ".join(long_labels))]
        for n in range(3)
    ]
    assert len(drawn) > 100
    for line in lines:
        assert width(line) <= 40, line
        assert "…" not in line
        assert line.lstrip().removeprefix("? ")[:1] not in set("，。、；：？！）」』】》”,.;:?!)"), line
    for label in long_labels:  # each label whole, over its lines
        assert label.replace(" ", "") in "".join(drawn).replace(" ", "").replace("\n", ""), label


def test_every_kind_of_question_has_its_asker():
    """A new kind (core/questions.py: KINDS) is asked by one entry of app/flow.py's ASKERS."""
    from guide.app.flow import ASKERS
    from guide.core.questions import KINDS

    assert set(ASKERS) == set(KINDS)
