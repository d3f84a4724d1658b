"""Help texts for the command line, per language (the CLI is built in the user's language).

typer's help (rich) breaks lines only at spaces and cuts off a longer run with "…";
so the Chinese texts carry a space after punctuation where a line may break
(tests/test_cli_checklist.py checks every --help at 120 columns; rich can still
lose one cell of a line at some widths)."""

from __future__ import annotations

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
        "卡的类型： new, replacement, legacy, e-sbk, e-medical",
        "Card type: new, replacement, legacy, e-sbk, e-medical",
    ),
    "region": (
        "参保地： 拼音如 henan、henan/zhengzhou， 中文如 河南、郑州市， 不在列表里用 national",
        "Region: pinyin (henan, henan/zhengzhou) or Chinese (河南, 郑州市), or national",
    ),
    "insurance": (
        "医保类型： employee 职工医保, resident 城乡居民医保, unsure 不清楚",
        "Insurance: employee, resident, unsure",
    ),
    "need": (
        "用途， 可重复或用逗号分隔： hospital, pharmacy, bank, cross-region, family",
        "Needs, repeatable or comma-separated: hospital, pharmacy, bank, cross-region, family",
    ),
    "received": (
        "领卡日期（实体卡）： 2026-05-01, 2026/5/1, 2026年5月1日, 20260501, 不记得就写 unsure",
        "Date the physical card was received: 2026-05-01, 2026/5/1, 2026年5月1日, 20260501, or unsure",
    ),
    "applicant": ("办理人： self 本人, proxy 代办, guardian 监护人", "Applicant: self, proxy, guardian"),
    "in_person": ("代办时持卡人能否到场： yes, no", "With a proxy, can the holder come in person: yes, no"),
    "pin_changed": (
        "是否改过服务密码（实体卡）： yes, no, unsure",
        "Has the service PIN been changed (physical cards): yes, no, unsure",
    ),
    "problem": (
        "问题， 可重复： forgot-pin, locked, lost, found-again, damaged, expired, activation-failed, name-change, multiple-cards",
        "Problems, repeatable or comma-separated: forgot-pin, locked, lost, found-again, damaged, expired, activation-failed, name-change, multiple-cards",
    ),
    "id_document": (
        "持卡人的证件（默认 id-card）： id-card, household-book, hk-macao-taiwan, foreign",
        "The holder's ID document (default id-card): id-card, household-book, hk-macao-taiwan, foreign",
    ),
    "living_region": (
        "现在住在哪里（需要异地就医时； 默认同参保地）， 写法同 --region",
        "Where the holder lives now (with cross-region care; default: the region), written like --region",
    ),
    "name": (
        "印在清单上的姓名或排队号（最多 40 个字）， 不影响清单内容",
        "A name or queue number printed on the sheet (at most 40 characters); it never changes the checklist",
    ),
    "answers": (
        "从 YAML 或 JSON 文件读取回答（- 表示标准输入）； 命令行选项优先",
        "Read answers from a YAML or JSON file (- for standard input); command-line options override it",
    ),
    "format": (
        "输出格式： rich, text, markdown, html, json（默认： 终端用 rich， 否则 text）",
        "Output format: rich, text, markdown, html, json (default: rich on a terminal, else text)",
    ),
    "lang": ("语言： zh（默认） 或 en", "Language: zh (default) or en"),
    "today": (
        "按这一天计算期限（YYYY-MM-DD， 默认今天）",
        "Compute deadlines as of this date (YYYY-MM-DD, default: today)",
    ),
    "width": (
        "文字换行宽度（列数， 至少 24； 58 毫米小票用 32， 80 毫米用 48）",
        "Text wrap width in columns (at least 24; 32 for 58 mm receipts, 48 for 80 mm)",
    ),
    "output": (
        "写入文件（默认输出到屏幕）； 已有文件不会被覆盖， 除非加 --force",
        "Write to this file (default: stdout); an existing file is kept unless --force",
    ),
    "force": ("允许覆盖已有的输出文件", "Allow overwriting an existing output file"),
    "encoding": (
        "写入文件时的编码： utf-8（默认） 或 gb18030",
        "Encoding when writing a file: utf-8 (default) or gb18030",
    ),
    "data_dir": (
        "叠加在内置数据上的本地数据文件夹 （也可用环境变量 SBK_GUIDE_DATA）",
        "A local data folder laid over the shipped data (or set SBK_GUIDE_DATA)",
    ),
    "version": ("显示版本号后退出", "Show the version and exit"),
    "help": ("显示这份帮助后退出", "Show this help and exit"),
    "plain": (
        "不用颜色， 用数字选择（适合读屏软件和旧终端）",
        "No colour, numbered choices (for screen readers and old terminals)",
    ),
    "save_answers": ("问答结束后把回答保存到这个 YAML 文件", "Save the answers to this YAML file at the end"),
    "batch": (
        "按表格（CSV、XLSX、JSONL、YAML）每一行生成一份清单。\n\n例子：\n\n  sbk-guide batch 名单.xlsx --out 清单/ --format html\n\n  sbk-guide batch 名单.csv --out 结果.jsonl",
        "One checklist per row of a spreadsheet (CSV, XLSX, JSONL, YAML).\n\nExamples:\n\n  sbk-guide batch roster.xlsx --out checklists/ --format html\n\n  sbk-guide batch roster.csv --out results.jsonl",
    ),
    "batch_input": ("输入文件： .csv, .tsv, .xlsx, .jsonl, .yaml", "Input file: .csv, .tsv, .xlsx, .jsonl, .yaml"),
    "batch_out": ("输出文件夹（每行一个文件）， 或 .jsonl 文件", "Output folder (one file per row), or a .jsonl file"),
    "batch_errors": (
        "把出错的行连同原因写入这个 CSV 文件， 改好后可以再运行",
        "Write the failed rows with a reason column to this CSV, to fix and re-run",
    ),
    "questions": ("列出所有问题和可选值", "List the questions and their allowed values"),
    "regions": (
        "列出已知地区（代码、中文名、 是否有本地数据）",
        "List the known regions (id, Chinese name, own data?)",
    ),
    "validate": ("检查数据文件夹，报告所有问题", "Check the data folder and report every problem"),
    "tree": ("以 Mermaid 或 Graphviz 格式输出决策树", "Print the decision tree as Mermaid or Graphviz"),
    "list_format": ("输出格式： table（默认） 或 json", "Output format: table (default) or json"),
    "tree_format": ("输出格式： mermaid（默认） 或 dot", "Output format: mermaid (default) or dot"),
}


def h(key: str, lang: str) -> str:
    pair = _H[key]
    return pair[1] if lang == "en" else pair[0]
