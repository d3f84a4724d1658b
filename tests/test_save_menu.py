"""The save menu after the checklist, driven by real keystrokes (prompt_toolkit pipe input):
a format of render.FORMATS, a suggested name with its ending, a wrong ending refused next to
the prompt, an existing file replaced only when the user says so in the menu."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from guide.app.interactive import format_choices, offer_saves, suggested_name
from guide.app.prompts import NumberedPrompter, QuestionaryPrompter
from guide.core.engine import build_checklist
from guide.messages import msg
from guide.render import FILE_FORMATS, suffix_of

DOWN, UP, ENTER, BACKSPACE = "\x1b[B", "\x1b[A", "\r", "\x7f"
TODAY = dt.date(2026, 11, 23)
ANSWERS = {
    "card": "e-medical",
    "region": "henan/zhengzhou",
    "insurance": "employee",
    "needs": ["hospital"],
    "applicant": "self",
    "id_document": "id-card",
    "problems": [],
}
# the format menu lists FILE_FORMATS and starts on HTML
TO_FORMAT = {fmt: (DOWN if n > 4 else UP) * abs(n - 4) for n, fmt in enumerate(FILE_FORMATS)}
SAVE_CHECKLIST = DOWN + ENTER  # the menu: done, save the checklist, save the answers
SAVE_ANSWERS = DOWN * 2 + ENTER
DONE = ENTER


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


class Recording(QuestionaryPrompter):
    """Keeps the questions of the lists (prompt_toolkit draws them, not the console)."""

    def select(self, message, choices, **options):
        self.shown.write(f"? {message}\n")
        return super().select(message, choices, **options)


def save(data, keys: str, *, lang: str = "zh") -> str:
    """What the menu showed (the questions of its lists too) for these keys."""
    checklist = build_checklist(data, ANSWERS, TODAY, lang)
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        shown = io.StringIO()
        prompter = Recording(lang, color=False, input=pipe, output=DummyOutput(), console=Console(file=shown, width=80))
        prompter.shown = shown
        offer_saves(prompter, data, ANSWERS, checklist, lang, answers_saved=False)
    return shown.getvalue()


def test_the_formats_are_those_of_the_render_table_in_the_users_language():
    assert [fmt for fmt, _ in format_choices("zh")] == list(FILE_FORMATS)
    zh, en = dict(format_choices("zh")), dict(format_choices("en"))
    assert zh["html"] == "网页，用 A4 纸打印（.html）" and en["html"] == "Web page, for printing on A4 paper (.html)"
    assert zh["chat"].endswith("（.chat.txt）") and en["pdf"].startswith("PDF, for printing")


def test_the_suggested_name_says_place_what_and_date(data, here):
    checklist = build_checklist(data, ANSWERS, TODAY, "zh")
    assert suggested_name(data, ANSWERS, checklist, "zh", "html") == "郑州-清单-2026-11-23.html"
    assert suggested_name(data, ANSWERS, checklist, "zh", "answers") == "郑州-回答-2026-11-23.yaml"
    english = build_checklist(data, ANSWERS, TODAY, "en")
    assert suggested_name(data, ANSWERS, english, "en", "chat") == "zhengzhou-checklist-2026-11-23.chat.txt"
    (here / "郑州-清单-2026-11-23.html").write_text("old")
    assert suggested_name(data, ANSWERS, checklist, "zh", "html") == "郑州-清单-2026-11-23-2.html"
    national = dict(ANSWERS, region="national")
    assert suggested_name(data, national, checklist, "zh", "json") == "清单-2026-11-23.json"


@pytest.mark.parametrize("fmt", ["json", "markdown", "text", "chat", "html"])
def test_each_format_is_saved_under_its_suggested_name(data, here, fmt):
    shown = save(data, SAVE_CHECKLIST + TO_FORMAT[fmt] + ENTER + ENTER + DONE)
    assert "? 保存成哪种文件？" in shown
    name = f"郑州-清单-2026-11-23{suffix_of(fmt)}"
    assert [p.name for p in here.iterdir()] == [name]
    assert msg("saved", "zh", path=name) in shown
    content = (here / name).read_text(encoding="utf-8")
    first = {"json": "{", "markdown": "# 社保卡", "html": "<!doctype html>"}.get(fmt, "")
    assert content.lower().startswith(first.lower()) and "激活医保码" in content


def test_the_answers_are_saved_as_yaml(data, here):
    save(data, SAVE_ANSWERS + ENTER + DONE)
    assert (here / "郑州-回答-2026-11-23.yaml").read_text(encoding="utf-8").startswith("schema: sbk-guide.answers/2")


def test_a_name_without_an_ending_gets_the_formats(data, here):
    save(data, SAVE_CHECKLIST + ENTER + "王阿姨" + ENTER + DONE)
    assert (here / "王阿姨.html").read_text(encoding="utf-8").startswith("<!")


def test_a_wrong_ending_is_refused_next_to_the_prompt_and_asked_again(data, here):
    keys = SAVE_CHECKLIST + ENTER + "郑州职工.yaml" + ENTER + BACKSPACE * 5 + ".html" + ENTER + DONE
    shown = save(data, keys)
    refusal = "“郑州职工.yaml”的结尾不对：这里保存的是 .html 文件，文件名要以 .html 结尾。"
    assert refusal in shown
    assert [p.name for p in here.iterdir()] == ["郑州职工.html"]
    assert (here / "郑州职工.html").read_text(encoding="utf-8").startswith("<!")
    # a name that means another format is refused too (a .chat.txt is not plain text)
    keys = SAVE_CHECKLIST + TO_FORMAT["text"] + ENTER + "a.chat.txt" + ENTER + BACKSPACE * 9 + ".txt" + ENTER + DONE
    shown = save(data, keys, lang="en")
    said = " ".join(shown.split())
    assert "'a.chat.txt' has the wrong ending: this saves a .txt file, so the name must end in .txt." in said
    assert (here / "a.txt").exists() and not (here / "a.chat.txt").exists()


def test_an_existing_file_is_kept_when_the_user_says_no(data, here):
    old = here / "旧.html"
    old.write_text("old page", encoding="utf-8")
    keys = SAVE_CHECKLIST + ENTER + "旧.html" + ENTER + ENTER  # replace? the cursor starts on "no"
    keys += ENTER + DONE  # another name: the suggested one
    shown = save(data, keys)
    assert "旧.html 已经有了。要用新的替换它吗？" in shown
    assert old.read_text(encoding="utf-8") == "old page"
    assert (here / "郑州-清单-2026-11-23.html").exists()
    assert "--force" not in shown


def test_an_existing_file_is_replaced_when_the_user_says_yes(data, here):
    old = here / "旧.html"
    old.write_text("old page", encoding="utf-8")
    shown = save(data, SAVE_CHECKLIST + ENTER + "旧.html" + ENTER + DOWN + ENTER + DONE)
    assert old.read_text(encoding="utf-8").startswith("<!")
    assert msg("saved", "zh", path="旧.html") in shown
    assert [p.name for p in here.iterdir()] == ["旧.html"]  # no temporary file left


def test_back_from_the_format_or_the_name_returns_to_the_menu(data, here):
    keys = SAVE_CHECKLIST + DOWN * 2 + ENTER  # the format list: html, pdf, back
    keys += SAVE_CHECKLIST + ENTER + "<" + ENTER + DONE
    save(data, keys)
    assert list(here.iterdir()) == []


def test_numbered_mode_says_the_suggested_name(data, here):
    checklist = build_checklist(data, ANSWERS, TODAY, "zh")
    out = io.StringIO()
    prompter = NumberedPrompter("zh", stdin=io.StringIO("2\n5\n\n1\n"), stdout=out)
    offer_saves(prompter, data, ANSWERS, checklist, "zh", answers_saved=False)
    assert "（直接回车就用 郑州-清单-2026-11-23.html；也可以输入别的名字，以 .html 结尾）" in out.getvalue()
    assert (here / "郑州-清单-2026-11-23.html").exists()
