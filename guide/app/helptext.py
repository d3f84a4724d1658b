"""Help texts for the command line, per language, and the help screen itself.

`format_help` lays out `--help` without rich: headings, metavars and "(required)" in
the user's language, every line wrapped by display width to the terminal (40 to 200
columns) with Chinese line-breaking rules, never cut with "…"; and it starts faster
than typer's rich help (no rich, no markdown parser)."""

from __future__ import annotations

import re
from typing import Any

from ..render.wrap import NO_END, NO_START, width

_H: dict[str, tuple[str, str]] = {
    "app": (
        "社保卡、医保卡、电子社保卡和医保码的激活与使用指南。\n\n不带命令运行 sbk-guide 进入问答向导；用 checklist 命令直接生成清单。",
        "A guide to activating and using the social security card, medical card, electronic card and medical insurance code.\n\nRun sbk-guide with no command for the interactive guide; use checklist to print a checklist directly.",
    ),
    "checklist": (
        "不经问答，直接按给定的回答打印清单。\n\n例子：\n\n  sbk-guide checklist --card new --region 郑州 --insurance employee --need hospital,bank --received 2026-05-01 --applicant self --pin-changed no\n\n  sbk-guide checklist --answers 我的回答.yaml --format json",
        "Print the checklist for the given answers, without questions.\n\nExamples:\n\n  sbk-guide checklist --card new --region henan/zhengzhou --insurance employee --need hospital,bank --received 2026-05-01 --applicant self --pin-changed no --lang en\n\n  sbk-guide checklist --answers answers.yaml --format json",
    ),
    "card": (
        "卡的类型：{values}",
        "Card type: {values}",
    ),
    "region": (
        "参保地：拼音如 henan、henan/zhengzhou，中文如 河南、郑州市，不在列表里用 national",
        "Region: pinyin such as henan or henan/zhengzhou, or the Chinese name; national if yours is not listed",
    ),
    "insurance": (
        "医保类型：{values}",
        "Insurance: {values}",
    ),
    "need": (
        "用途，可重复或用逗号分隔：{values}",
        "Needs, repeatable or comma-separated: {values}",
    ),
    "received": (
        "领卡日期（实体卡）：2026-05-01, 2026/5/1, 2026年5月1日, 20260501, 不记得就写 unsure",
        "Date the physical card was received: 2026-05-01, 2026/5/1, 20260501 (Chinese dates work too), or unsure",
    ),
    "applicant": ("办理人：{values}", "Applicant: {values}"),
    "in_person": ("代办时持卡人能否到场：{values}", "With a proxy, can the holder come in person: {values}"),
    "pin_changed": (
        "是否改过服务密码（实体卡）：{values}",
        "Has the service PIN been changed (physical cards): {values}",
    ),
    "problem": (
        "遇到的问题，可重复或用逗号分隔：{values}",
        "Problems, repeatable or comma-separated: {values}",
    ),
    "id_document": (
        "持卡人的证件（默认 id-card）：{values}",
        "The holder's ID document (default id-card): {values}",
    ),
    "living_region": (
        "现在住在哪里（需要异地就医时；默认同参保地），写法同 --region",
        "Where the holder lives now (with cross-region care; default: the region), written like --region",
    ),
    "name": (
        "印在清单上的姓名或排队号（最多 40 个字），不影响清单内容",
        "A name or queue number printed on the sheet (at most 40 characters); it never changes the checklist",
    ),
    "answers": (
        "从 YAML 或 JSON 文件读取回答（- 表示标准输入）；命令行选项优先",
        "Read answers from a YAML or JSON file (- for standard input); command-line options override it",
    ),
    "format": (
        "输出格式：{formats}（默认：终端用 rich，否则 text；有 --output 时按文件后缀）",
        "Output format: {formats} (default: rich on a terminal, else text; with --output, from the suffix)",
    ),
    "open": (
        "写好后用默认的浏览器或阅读器打开 HTML 或 PDF 文件，方便打印",
        "Open the written HTML or PDF file in the default browser or viewer, ready to print",
    ),
    "lang": ("语言：zh（默认）或 en", "Language: zh (default) or en"),
    "today": (
        "按这一天计算期限（YYYY-MM-DD，默认今天）",
        "Compute deadlines as of this date (YYYY-MM-DD, default: today)",
    ),
    "width": (
        "文字换行宽度（列数，至少 24；58 毫米小票用 32，80 毫米用 48）",
        "Text wrap width in columns (at least 24; 32 for 58 mm receipts, 48 for 80 mm)",
    ),
    "output": (
        "写入文件（默认输出到屏幕）；已有文件不会被覆盖，除非加 --force",
        "Write to this file (default: stdout); an existing file is kept unless --force",
    ),
    "force": ("允许覆盖已有的输出文件", "Allow overwriting an existing output file"),
    "encoding": (
        "写入文件时的编码：utf-8（默认）或 gb18030",
        "Encoding when writing a file: utf-8 (default) or gb18030",
    ),
    "data_dir": (
        "叠加在内置数据上的本地数据文件夹（也可用环境变量 SBK_GUIDE_DATA）",
        "A local data folder laid over the shipped data (or set SBK_GUIDE_DATA)",
    ),
    "version": ("显示版本号后退出", "Show the version and exit"),
    "help": ("显示这份帮助后退出", "Show this help and exit"),
    "plain": (
        "不用颜色，用数字选择（适合读屏软件和旧终端）",
        "No colour, numbered choices (for screen readers and old terminals)",
    ),
    "save_answers": ("问答结束后把回答保存到这个 YAML 文件", "Save the answers to this YAML file at the end"),
    "batch": (
        "按表格（CSV、XLSX、JSONL、YAML）每一行生成一份清单。\n\n例子：\n\n  sbk-guide batch 名单.xlsx --out 清单/ --format html\n\n  sbk-guide batch 名单.csv --out 结果.jsonl",
        "One checklist per row of a spreadsheet (CSV, XLSX, JSONL, YAML).\n\nExamples:\n\n  sbk-guide batch roster.xlsx --out checklists/ --format html\n\n  sbk-guide batch roster.csv --out results.jsonl",
    ),
    "batch_input": ("输入文件：.csv, .tsv, .xlsx, .jsonl, .yaml", "Input file: .csv, .tsv, .xlsx, .jsonl, .yaml"),
    "batch_out": (
        "输出文件夹（每行一个文件），或 .jsonl 文件（其他后缀如 .csv 是错误）",
        "Output folder (one file per row), or a .jsonl file (another suffix such as .csv is an error)",
    ),
    "batch_format": (
        "每份清单的格式：json（默认）, markdown, text, chat（微信、短信）, html（A4）, pdf；--out 是 .jsonl 文件时只能用 json",
        "Format of each checklist: json (default), markdown, text, chat (WeChat, SMS), html (A4), pdf;"
        " an --out FILE.jsonl takes json only",
    ),
    "batch_append": (
        "把结果加在已有的 .jsonl 文件后面（改好的出错行重新运行时用）",
        "Add the rows after an existing .jsonl file (for a re-run of the fixed failed rows)",
    ),
    "batch_sheet": ("读取 Excel 文件中这个名字的工作表", "Read the Excel sheet with this name"),
    "batch_errors": (
        "把出错的行连同原因写入这个 CSV 文件，改好后可以再运行",
        "Write the failed rows with a reason column to this CSV, to fix and re-run",
    ),
    "questions": ("列出所有问题和可选值", "List the questions and their allowed values"),
    "regions": (
        "列出已知地区（代码、中文名、是否有本地数据）",
        "List the known regions (id, Chinese name, own data?)",
    ),
    "validate": ("检查数据文件夹，报告所有问题", "Check the data folder and report every problem"),
    "tree": ("以 Mermaid 或 Graphviz 格式输出决策树", "Print the decision tree as Mermaid or Graphviz"),
    "list_format": ("输出格式：table（默认）或 json", "Output format: table (default) or json"),
    "tree_format": ("输出格式：mermaid（默认）或 dot", "Output format: mermaid (default) or dot"),
}


# The words of the help screen itself (click's "Usage", "Options", ... in the user's language).
_H.update(
    {
        "h_usage": ("用法：", "Usage: "),
        "h_options": ("选项：", "Options:"),
        "h_arguments": ("参数：", "Arguments:"),
        "h_commands": ("命令：", "Commands:"),
        "h_required": ("（必填）", "(required)"),
        "h_OPTIONS": ("[选项]", "[OPTIONS]"),
        "h_COMMAND": ("[命令]", "[COMMAND]"),
    }
)
# Metavars in Chinese (ids such as zh|en stay as they are: they are what is typed).
_METAVARS_ZH = {
    "FILE": "文件",
    "DIR": "文件夹",
    "DATE": "日期",
    "N": "列数",
    "FORMAT": "格式",
    "CARD": "卡类型",
    "REGION": "地区",
    "TYPE": "医保类型",
    "NEED": "用途",
    "WHO": "办理人",
    "ANSWER": "yes|no",
    "PROBLEM": "问题",
    "ENCODING": "编码",
    "INPUT": "输入文件",
    "OUT": "输出",
    "TEXT": "文字",
    "DOCUMENT": "证件",
}


def h(key: str, lang: str) -> str:
    pair = _H[key]
    text = pair[1] if lang == "en" else pair[0]
    if "{formats}" in text:  # the output formats, from their one table
        from ..render import formats_help

        text = text.replace("{formats}", formats_help(lang))
    return text


def with_values(text: str, option: str, lang: str) -> str:
    """An option's help with its answer values read from the data (`{values}`): the ids, and in
    Chinese each id's short label when every label of the question is short (employee 职工医保)."""
    if "{values}" not in text:
        return text
    from ..core.questions import short_label
    from ..loading.loader import load_dataset

    question = next((q for q in load_dataset().questions if q.option == option), None)
    if question is None:
        return text.replace("{values}", "")
    labels = [short_label(c.label["zh"]) for c in question.choices]
    if lang == "zh" and all(len(label) <= 6 for label in labels):
        values = ", ".join(f"{c.value} {label}" for c, label in zip(question.choices, labels, strict=True))
    else:
        values = ", ".join(question.values)
    return text.replace("{values}", values)


def keys() -> list[str]:
    """Every help text key (tests check each is present in both languages)."""
    return list(_H)


def metavar(name: str, lang: str) -> str:
    return _METAVARS_ZH.get(name, name) if lang == "zh" else name


# ------------------------------------------------------------------ the help screen

_UNIT = re.compile(r"[!-~]+|\s+|.", re.S)  # runs of printable ASCII stay whole (--card, e-sbk, 2026-05-01)


def _units(text: str) -> list[str]:
    """Unbreakable units; closing punctuation glued to the unit before, opening to the unit after."""
    units: list[str] = []
    pending = ""
    for unit in _UNIT.findall(text):
        if unit in NO_END:
            pending += unit
        elif unit[0] in NO_START and units and not units[-1].isspace() and not pending:
            units[-1] += unit
        else:
            units.append(pending + unit)
            pending = ""
    if pending:
        units.append(pending)
    return units


def wrap(
    text: str, limit: int, first: str = "", rest: str | None = None, *, join: str = "", words: bool = False
) -> list[str]:
    """`text` wrapped to `limit` display columns after `first` (then `rest`), breaking between
    units only (with `words`, only at spaces); `join` ends every line but the last (" \\"
    continues a shell command)."""
    rest = first if rest is None else rest
    lines: list[str] = []
    line, used = first, width(first)
    room = limit - width(join)
    empty = True
    for unit in re.findall(r"--\S+ [^-\s]\S*|\S+|\s+", text) if words else _units(text):
        if unit.isspace():
            if not empty:
                line, used = line + " ", used + 1
            continue
        w = width(unit)
        if not empty and used + w > room:
            lines.append(line.rstrip() + join)
            line, used = rest, width(rest)
        while used + w > limit and len(unit) > 1:  # one unit wider than the line: split it by characters
            cut = 1
            while cut < len(unit) and used + width(unit[: cut + 1]) <= limit:
                cut += 1
            lines.append(line + unit[:cut])
            unit, w = unit[cut:], width(unit[cut:])
            line, used = rest, width(rest)
        line, used, empty = line + unit, used + w, False
    lines.append(line.rstrip())
    return lines


def _paragraphs(text: str, limit: int, indent: str = "", *, commands: bool = True) -> list[str]:
    """A help text: paragraphs separated by blank lines. An indented paragraph is a command
    line (wrapped at spaces, continued with a backslash), or with `commands=False` a block
    whose own lines are kept (each wrapped with a hanging indent)."""
    out: list[str] = []
    for para in text.strip("\n").split("\n\n"):
        if para.startswith("  ") and commands:
            out += wrap(para.strip(), limit, indent + "  ", indent + "      ", join=" \\", words=True)
        elif para.startswith("  "):
            for line in para.split("\n"):
                out += wrap(line.strip(), limit, indent + "  ", indent + "    ")
        else:
            out += wrap(" ".join(para.split("\n")), limit, indent)
        out.append("")
    return out


def _two_columns(rows: list[tuple[str, str]], limit: int) -> list[str]:
    """Option and description side by side when there is room, else the description below."""
    left = min(max((width(a) for a, _ in rows), default=0) + 2, max(12, limit // 3))
    side_by_side = limit - left >= 24
    out: list[str] = []
    for term, text in rows:
        if side_by_side and width(term) <= left - 2:
            pad = term + " " * (left - width(term))
            out += wrap(text, limit, pad, " " * left)
        else:
            out.append(term)
            indent = " " * (left if side_by_side else 6)
            out += wrap(text, limit, indent)
    return out


def _metavar(param: Any, lang: str) -> str:
    return metavar(param.metavar or str(param.name or "").upper(), lang)


def format_help(command: Any, ctx: Any, lang: str, width: int) -> str:
    """The whole --help screen of `command` (a click command or group) in `lang`."""
    limit = max(20, min(width, 200))
    path = ctx.command_path if ctx is not None else "sbk-guide"
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option"]
    commands = getattr(command, "commands", None)
    usage = [path, h("h_OPTIONS", lang)]
    usage += [_metavar(a, lang) for a in arguments]
    if commands:
        usage.append(h("h_COMMAND", lang))
    out = wrap(" ".join(usage), limit, h("h_usage", lang), "  ")
    out.append("")
    if command.help:
        out += _paragraphs(command.help, limit)
    required = h("h_required", lang)

    def described(param: Any) -> str:
        text = with_values(param.help or "", param.opts[-1] if param.opts else "", lang)
        return text + (("" if lang == "zh" else " ") + required if param.required else "")

    if arguments:
        out.append(h("h_arguments", lang))
        rows = [("  " + _metavar(a, lang), described(a)) for a in arguments]
        out += _two_columns(rows, limit) + [""]
    if options:
        out.append(h("h_options", lang))
        rows = []
        for option in options:
            names = ", ".join(sorted(option.opts + option.secondary_opts, key=lambda n: (n.startswith("--"), n)))
            if not option.is_flag:
                names += " " + _metavar(option, lang)
            rows.append(("  " + names, described(option)))
        out += _two_columns(rows, limit) + [""]
    if commands:
        out.append(h("h_commands", lang))
        rows = [("  " + name, (sub.help or "").split("\n\n")[0]) for name, sub in commands.items()]
        out += _two_columns(rows, limit) + [""]
    epilog = getattr(command, "epilog", None)
    if epilog:
        out += _paragraphs(epilog, limit, commands=False)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
