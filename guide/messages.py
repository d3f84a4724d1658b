"""User-facing message templates, Simplified Chinese and English.

Content (questions, items) lives in data/; this file holds only the tool's own
words: errors, labels, prompts. Templates use str.format fields.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

LANGS = ("zh", "en")

_M: dict[str, tuple[str, str]] = {
    # --- framing
    "error_prefix": ("错误：", "Error: "),
    "warning_prefix": ("提示：", "Warning: "),
    "cancelled": ("已取消。", "Cancelled."),
    "list_sep": ("、", ", "),
    "or": (" 或 ", " or "),
    # --- answers
    "unknown_value": (
        "{option} 的值“{value}”无效。可选值：{allowed}",
        "{option}: '{value}' is not a valid value. Allowed: {allowed}",
    ),
    "unknown_value_suggest": (
        "{option} 的值“{value}”无效，您是不是想输入 {suggestion}？可选值：{allowed}",
        "{option}: '{value}' is not a valid value; did you mean {suggestion}? Allowed: {allowed}",
    ),
    "unknown_value_many": (
        "{option} 的值“{value}”无效。可选值：{allowed}（多个用逗号、顿号、加号、斜杠或空格分开）",
        "{option}: '{value}' is not a valid value. Allowed: {allowed} (separate several with commas, +, / or spaces)",
    ),
    "unknown_value_suggest_many": (
        "{option} 的值“{value}”无效，您是不是想输入 {suggestion}？可选值：{allowed}（多个用逗号、顿号、加号、斜杠或空格分开）",
        "{option}: '{value}' is not a valid value; did you mean {suggestion}? Allowed: {allowed}"
        " (separate several with commas, +, / or spaces)",
    ),
    "ambiguous_region": (
        "{option} 的“{value}”可能是{city_zh}，也可能是{district_zh}。请写清楚：{city_zh}，还是“{region_zh}”？",
        "{option}: '{value}' may be {city_en} or {district_en}. Say which: {city_en}, or {region_en}?",
    ),
    "ambiguous_region_here": (
        "“{value}”可能是{city_zh}，也可能是{district_zh}。请写清楚：{city_zh}，还是“{region_zh}”？",
        "'{value}' may be {city_en} or {district_en}. Say which: {city_en}, or {region_en}?",
    ),
    "unknown_region": (
        "{option} 的地区“{value}”无法识别。可以输入拼音（如 henan、henan/zhengzhou）或中文（如 河南、郑州市），不在列表里请用 national。",
        "{option}: region '{value}' is not known. Use pinyin (e.g. henan, henan/zhengzhou) or the Chinese name; use national if yours is not listed.",
    ),
    "numbered_marks": (
        "（[x] 表示已选，[ ] 表示未选；输入编号或名称，多个用逗号分开）",
        "([x] is chosen, [ ] is not; type numbers or names, separated by commas)",
    ),
    "many_problems": ("有 {count} 处回答需要改正：", "{count} answers need fixing:"),
    "region_fallback": (
        "注意：没有找到“{value}”，已按{zh}的资料生成清单。",
        "Note: '{value}' was not found; the checklist uses the data for {en}.",
    ),
    "unknown_region_suggest": (
        "{option} 的地区“{value}”无法识别，您是不是想输入 {suggestion}？",
        "{option}: region '{value}' is not known; did you mean {suggestion}?",
    ),
    "empty_value": ("{option} 不能为空。可选值：{allowed}", "{option} must not be empty. Allowed: {allowed}"),
    "too_few": (
        "{option} 至少要选一项。可选值：{allowed}",
        "{option} needs at least one value. Allowed: {allowed}",
    ),
    "bad_date": (
        "{option} 的日期“{value}”无法识别。请写成 2026-05-01、2026/5/1、2026.5.1、2026年5月1日 或 20260501。",
        "{option}: '{value}' is not a date. Write it as 2026-05-01, 2026/5/1, 2026.5.1 or 20260501 (Chinese dates work too).",
    ),
    "bad_date_here": (
        "“{value}”不是日期。请写成 2026-05-01、2026/5/1、2026.5.1、2026年5月1日 或 20260501。",
        "'{value}' is not a date. Write it as 2026-05-01, 2026/5/1, 2026.5.1 or 20260501 (Chinese dates work too).",
    ),
    "no_such_day": (
        "{option} 的日期“{value}”不存在：{year}年{month}月只有 {days} 天。",
        "{option}: '{value}' does not exist: {month_en} {year} has {days} days.",
    ),
    "no_such_day_here": (
        "日期“{value}”不存在：{year}年{month}月只有 {days} 天。",
        "'{value}' does not exist: {month_en} {year} has {days} days.",
    ),
    "future_date_here": (
        "{value} 晚于今天（{today}），请检查。",
        "{value} is after today ({today}); please check it.",
    ),
    "old_date_here": (
        "{value} 太早了（社保卡不早于 {earliest} 发放），请检查。",
        "{value} is too early (no card was issued before {earliest}); please check it.",
    ),
    "unknown_region_here": (
        "无法识别地区“{value}”。可以输入拼音（如 henan、henan/zhengzhou）或中文（如 河南、郑州市），不在列表里请输入“全国”。",
        "Region '{value}' is not known. Type pinyin (e.g. henan, henan/zhengzhou) or the Chinese name; type national if yours is not listed.",
    ),
    "unknown_region_suggest_here": (
        "无法识别地区“{value}”，您是不是想输入 {suggestion}？",
        "Region '{value}' is not known; did you mean {suggestion}?",
    ),
    "future_date": (
        "{option} 的日期 {value} 晚于今天（{today}），请检查。",
        "{option}: {value} is after today ({today}); please check it.",
    ),
    "old_date": (
        "{option} 的日期 {value} 太早了（社保卡不早于 {earliest} 发放），请检查。",
        "{option}: {value} is too early (no card was issued before {earliest}); please check it.",
    ),
    "missing_answer": (
        "缺少回答“{question_zh}”：请用 {option} 指定。可选值：{allowed}",
        "Missing answer to '{question_en}': give {option}. Allowed: {allowed}",
    ),
    "missing_answer_date": (
        "缺少回答：请用 {option} 指定领卡日期，例如 {option} 2026-05-01（不记得可写 unsure）。",
        "Missing answer: give {option} with the date the card was received, e.g. {option} 2026-05-01 (or unsure).",
    ),
    "missing_answer_column": (
        "缺少回答“{question_zh}”：请在 {option} 列填写。可选值：{allowed}",
        "Missing answer to '{question_en}': fill in the {option} column. Allowed: {allowed}",
    ),
    "missing_answer_date_column": (
        "缺少领卡日期：请在 {option} 列填写，例如 2026-05-01（不记得可写 unsure）。",
        "Missing answer: fill in the {option} column with the date the card was received, e.g. 2026-05-01 (or unsure).",
    ),
    "wrong_type_text": (
        "{option} 的值应是一段文字，实际是“{value}”。",
        "{option} should be text, got '{value}'.",
    ),
    "wrong_type_list": (
        "{option} 的值应是文字或列表，实际是“{value}”。",
        "{option} should be text or a list, got '{value}'.",
    ),
    # --- files
    "answers_not_found": ("找不到回答文件：{path}", "Answers file not found: {path}"),
    "file_not_found": ("找不到文件：{path}", "File not found: {path}"),
    "file_unreadable": ("无法读取文件 {path}：{reason}", "Cannot read {path}: {reason}"),
    "file_is_dir": ("{path} 是一个文件夹，不是文件。", "{path} is a folder, not a file."),
    "file_encoding": (
        "文件 {path} 不是 UTF-8 编码的文本，请另存为 UTF-8 后再试。",
        "{path} is not UTF-8 text; save it as UTF-8 and try again.",
    ),
    "answers_bad_yaml": (
        "回答文件 {path} 格式有误{where_zh}：{reason_zh}",
        "Answers file {path} is not valid YAML/JSON{where_en}: {reason_en}",
    ),
    "answers_not_mapping": (
        "回答文件 {path} 应是“问题: 回答”的键值对（YAML 或 JSON 对象），实际是{kind_zh}。",
        "Answers file {path} must be a mapping of question ids to answers (a YAML or JSON object), not {kind_en}.",
    ),
    "answers_unknown_key": (
        "回答文件 {path} 中有未知的问题“{key}”。可用的问题：{allowed}",
        "Answers file {path} has an unknown question '{key}'. Known questions: {allowed}",
    ),
    "answers_unknown_key_suggest": (
        "回答文件 {path} 中有未知的问题“{key}”，您是不是想写 {suggestion}？",
        "Answers file {path} has an unknown question '{key}'; did you mean {suggestion}?",
    ),
    "output_exists": (
        "输出文件 {path} 已存在，没有覆盖。要覆盖请加 --force。",
        "Output file {path} already exists and was kept. Add --force to overwrite it.",
    ),
    "output_failed": ("无法写入 {path}：{reason}", "Cannot write {path}: {reason}"),
    "output_dir_missing": (
        "无法写入 {path}：文件夹 {folder} 不存在。",
        "Cannot write {path}: folder {folder} does not exist.",
    ),
    # --- batch
    "batch_encoding": (
        "文件 {path} 的编码无法识别（支持 UTF-8 和 GB18030/GBK）。",
        "{path}: unknown text encoding (UTF-8 and GB18030/GBK are supported).",
    ),
    "batch_bad_file": ("无法读取表格 {path}：{reason}", "Cannot read the table {path}: {reason}"),
    "batch_bad_yaml": (
        "无法读取 {path}{where_zh}：{reason_zh}",
        "Cannot read {path}{where_en}: {reason_en}",
    ),
    "batch_yaml_not_list": (
        "无法读取 {path}：应当是一份列表，每项是一个人的回答。",
        "Cannot read {path}: a YAML list of answer mappings is expected.",
    ),
    "batch_bad_xlsx": (
        "{path} 不是有效的 Excel（.xlsx）文件，请用 Excel 或 WPS 另存为 .xlsx 后再试。",
        "{path} is not a valid Excel (.xlsx) file; save it again as .xlsx and retry.",
    ),
    "batch_unknown_type": (
        "不支持的文件类型：{path}。支持：{allowed}",
        "Unsupported file type: {path}. Supported: {allowed}",
    ),
    "batch_needs_openpyxl": (
        "读取 .xlsx 需要 openpyxl：pip install openpyxl",
        "Reading .xlsx needs openpyxl: pip install openpyxl",
    ),
    "batch_unknown_columns": (
        "忽略未知的列：{columns}（可用的列：{allowed}）",
        "Ignoring unknown columns: {columns} (known: {allowed})",
    ),
    "batch_missing_column": (
        "表格缺少{columns}列，请加上这一列再运行。",
        "The table has no {columns} column; add it and run again.",
    ),
    "batch_row_failed": ("第 {row} 行：{reason}", "Row {row}: {reason}"),
    "batch_row_bad": ("第 {row} 行：{reason}", "Row {row}: {reason}"),
    "batch_summary": (
        "完成：写入 {written} 份，失败 {failed} 行，跳过 {skipped} 份（文件已存在）。",
        "Done: {written} written, {failed} failed, {skipped} skipped (file exists).",
    ),
    "batch_out_exists": (
        "输出文件 {path} 已存在，没有覆盖。要把这次的结果加在后面请加 --append，要覆盖请加 --force。",
        "Output file {path} already exists and was kept. Add --append to add these rows after it, or --force to overwrite it.",
    ),
    "batch_out_is_input": (
        "--out {path} 就是要读的表格本身，请换一个输出文件名。",
        "--out {path} is the input file itself; choose another output name.",
    ),
    "batch_append_jsonl": (
        "--append 只能用于 .jsonl 文件（把新结果加在已有结果后面）。",
        "--append works only with an --out FILE.jsonl (it adds the new rows after the earlier ones).",
    ),
    "batch_no_rows": (
        "表格 {path} 里没有要处理的行（只有表头，或者是空表）。",
        "The table {path} has no rows to process (only a header, or empty).",
    ),
    "batch_no_sheet": (
        "{path} 里没有名为“{sheet}”的工作表。有：{allowed}",
        "{path} has no sheet named '{sheet}'. It has: {allowed}",
    ),
    "batch_xlsx_too_large": (
        "{path} 解压后太大，不像是一份名单，没有读取。请另存为 .csv 后再试。",
        "{path} unpacks to far more than a roster would; it was not read. Save it as .csv and retry.",
    ),
    "batch_bad_xlsx_row": (
        "{path} 第 {row} 行附近的内容已损坏，请用 Excel 或 WPS 另存为 .xlsx 后再试。",
        "{path} is damaged near row {row}; save it again as .xlsx and retry.",
    ),
    "batch_cell_too_long": (
        "表格 {path} 第 {row} 行有一格内容太长（超过 13 万字），请检查这一行。",
        "The table {path} has a cell over 131,072 characters in row {row}; check that row.",
    ),
    "batch_bad_csv": (
        "表格 {path} 第 {row} 行格式有误（引号没有成对？），请检查这一行。",
        "The table {path} is malformed in row {row} (an unmatched quote?); check that row.",
    ),
    "output_busy": (
        "另一个 sbk-guide 正在写入 {path}，请等它结束后再试。",
        "Another sbk-guide run is writing {path}; try again when it has finished.",
    ),
    "file_too_large": (
        "文件 {path} 太大（超过 {limit}），没有读取。",
        "The file {path} is too large (over {limit}); it was not read.",
    ),
    "batch_out_not_dir": (
        "--out {path} 不是文件夹，也不是 .jsonl 文件。每人一个文件请写文件夹名（如 --out 清单），全部放在一个文件里请用 .jsonl。",
        "--out {path} is neither a folder nor a .jsonl file. Give a folder (one file per row) or a FILE.jsonl (all rows in one file).",
    ),
    "batch_format_jsonl": (
        "--out 是 .jsonl 文件时只能用 --format json。",
        "--out FILE.jsonl writes JSON only; use --format json.",
    ),
    "batch_errors_written": (
        "出错的行已写入 {path}，改好后可以用它重新运行。",
        "Failed rows were written to {path}; fix them and run it again.",
    ),
    "batch_progress": ("生成清单", "Writing checklists"),
    # --- data
    "data_dir_missing": ("数据文件夹不存在：{path}", "Data folder does not exist: {path}"),
    "validate_clean": ("数据没有问题：{roots}", "Data is valid: {roots}"),
    "validate_unconfirmed": (
        "待核实的条目（只有弱来源支持，请到官方网站核对）：{count} 条",
        "Unconfirmed items (only weak sources support them; check them on official sites): {count}",
    ),
    "validate_unconfirmed_item": ("{where}: 条目“{id}”（{sources}）", "{where}: item '{id}' ({sources})"),
    "validate_problems": ("发现 {count} 个问题：{roots}", "{count} problem(s) found: {roots}"),
    "data_broken": ("数据有误：{location}：{reason}", "Data error: {location}: {reason}"),
    "data_problems": (
        "数据有 {count} 处问题（运行 sbk-guide validate 查看）：",
        "{count} data problems (see sbk-guide validate):",
    ),
    # --- data problems (validate, and the compiler for broken local data): file:line: message
    "p_not_utf8": ("不是 UTF-8 编码的文字", "not UTF-8 text"),
    "p_unreadable": ("无法读取（{reason}）", "cannot be read ({reason})"),
    "p_yaml": ("YAML 写法有误：请检查这一行附近的冒号、引号、括号和缩进", "{reason}"),
    "p_missing_file": ("缺少必需的文件", "required file is missing"),
    "p_local_forbidden": (
        "本地数据不能改写问题和分组（contract.md）",
        "local data may not redefine the questions or sections (contract.md)",
    ),
    "p_unknown_overlay_region": (
        "overlay 的地区“{id}”不是已知的省或市（regions.yaml）",
        "overlay region '{id}' is not a known province or city (regions.yaml)",
    ),
    "p_schema_required": ("{where}缺少必填项“{name}”", "{where}{detail}"),
    "p_schema_enum": ("{where}“{value}”不是可用的值（可用：{allowed}）", "{where}{detail}"),
    "p_schema_const": ("{where}应当是“{allowed}”", "{where}{detail}"),
    "p_schema_type": ("{where}“{value}”的写法不对，这里应当是{expected}", "{where}{detail}"),
    "p_schema_empty": ("{where}不能为空", "{where}{detail}"),
    "p_schema_extra": ("{where}有不认识的键：{names}", "{where}{detail}"),
    "p_schema_pattern": ("{where}“{value}”的写法不对（只能用小写拼音字母、数字和 - _ . /）", "{where}{detail}"),
    "p_schema_range": ("{where}“{value}”超出了允许的范围", "{where}{detail}"),
    "p_schema_shape": ("{where}写法不对，不符合允许的任何一种格式", "{where}{detail}"),
    "p_schema_other": ("{where}写法不对（{rule}）", "{where}{detail}"),
    "schema_type_object": ("键: 值 的映射", "a mapping"),
    "schema_type_array": ("列表", "a list"),
    "schema_type_string": ("文字", "text"),
    "schema_type_integer": ("整数", "a whole number"),
    "schema_type_number": ("数字", "a number"),
    "schema_type_boolean": ("true 或 false", "true or false"),
    "p_cond_derived": (
        "{owner_zh}：条件 {key}={value} 不对：{key} 只能是 {allowed}",
        "{owner_en}: condition {key}={value}: {key} is one of {allowed}",
    ),
    "p_cond_unknown_question": (
        "{owner_zh}：条件里的问题“{key}”不存在",
        "{owner_en}: condition refers to unknown question '{key}'",
    ),
    "p_cond_bad_value": (
        "{owner_zh}：条件 {key}={value} 不对：“{value}”不是 {key} 的选项（{allowed}）",
        "{owner_en}: condition {key}={value}: '{value}' is not a value of {key} ({allowed})",
    ),
    "p_placeholder": (
        "{owner_zh}：{lang} 文字里有不认识的占位符 {{{name}}}",
        "{owner_en}: unknown placeholder {{{name}}} in {lang} text",
    ),
    "p_replace_missing": (
        "replace：{region} 里没有可以替换的条目“{id}”",
        "replace: no item '{id}' to replace in {region}",
    ),
    "p_remove_missing": ("remove：{region} 里没有可以删除的条目“{id}”", "remove: no item '{id}' to remove in {region}"),
    "p_add_exists": ("add：条目“{id}”已经有了，请改用 replace", "add: item '{id}' already exists; use replace"),
    "p_unknown_source": (
        "{owner_zh}引用的资料“{id}”不存在（sources.yaml）",
        "{owner_en} cites unknown source '{id}' (sources.yaml)",
    ),
    "p_no_quote": ("{owner_zh}：引用“{id}”时没有摘录原文（quote）", "{owner_en}: the citation of '{id}' has no quote"),
    "p_weak_only": (
        "{owner_zh}只引用了弱来源（W 级）；请再加一个官方（O）或新闻（N）来源，"
        "或者在没有官方页面时标上 unconfirmed: true（待核实）",
        "{owner_en} cites only weak sources (grade W); add an official (O) or news (N) one, "
        "or mark it unconfirmed: true where no official page states it",
    ),
    "p_unconfirmed_strong": (
        "{owner_zh}标了 unconfirmed（待核实），但它引用了官方或新闻来源（{id}）；请去掉这个标记",
        "{owner_en} is marked unconfirmed but cites an official or news source ('{id}'); drop the mark",
    ),
    "p_unquoted_claim": (
        "{owner_zh}的文字提到{kind_zh}“{claim}”，但它引用的原文（quote）里都没有；"
        "请改文字、换一句含有它的原文，或删去这一说法",
        "{owner_en}'s text names the {kind_en} '{claim}', which none of its quotes contains; "
        "change the text, quote a sentence that contains it, or drop the claim",
    ),
    "p_bad_grade": (
        "{owner_zh}：grade 只能是 O、N 或 W（shared/sources.md）",
        "{owner_en}: grade must be O, N or W (shared/sources.md)",
    ),
    "p_no_title": (
        "{owner_zh}：请写出网页上原来的标题，或用 untitled 说明为什么没有",
        "{owner_en}: give the title as published, or say why there is none (untitled)",
    ),
    "p_no_date": (
        "{owner_zh}：请写出日期，或用 undated 说明为什么没有",
        "{owner_en}: give the date, or say why there is none (undated)",
    ),
    "p_no_who": (
        "{owner_zh}：步骤要用 who 写明由谁来办：{allowed} 之一",
        "{owner_en}: a step needs `who`: one of {allowed}",
    ),
    "p_who_not_named": (
        "{owner_zh}：who 是 {who}，但{lang_zh}文字里没有写出“{noun}”",
        "{owner_en}: who is {who}, but the {lang} text does not name the {noun}",
    ),
    "p_unknown_fact": (
        "{owner_zh}：asserts 里的“{fact}”不是已知的事实（situation.yaml）",
        "{owner_en}: asserts unknown fact '{fact}' (situation.yaml)",
    ),
    "p_bad_fact_value": (
        "{owner_zh}：asserts {fact}={value} 不对：{fact} 只能是 {allowed}",
        "{owner_en}: asserts {fact}={value}; {fact} is one of {allowed}",
    ),
    "p_contradiction": (
        "{second_zh}说 {fact}={second_value}，但{first_zh}（第 {line} 行）说 {fact}={first_value}；两者同时出现在这条路径上：{path}",
        "{second_en} says {fact}={second_value}, but {first_en} (line {line}) says {fact}={first_value} on the path {path}",
    ),
    "p_duplicate_id": ("{key} 里的编号“{id}”重复了", "duplicate id '{id}' in {key}"),
    "p_not_a_date": ("{what_zh}：“{text}”不是真实的日期", "{what_en}: '{text}' is not a real date"),
    "p_future_date": ("{what_zh}：{text} 还没到（在今天之后）", "{what_en}: {text} is in the future"),
    "p_never_asked": ("问题“{id}”在任何路径上都不会被问到", "question '{id}' is never asked"),
    "p_no_path": ("条目“{id}”在 {region} 的任何路径上都不会出现", "item '{id}' appears on no path in {region}"),
    "p_plan_stuck": (
        "步骤“{id}”需要 {needs}，但情况本身和前面的步骤都给不了；这条路径上排不进计划：{path}",
        "step '{id}' needs {needs}, which neither the situation nor an earlier step gives, on the path {path}",
    ),
    "p_plan_no_card": (
        "步骤“{id}”要用持卡人手里的卡，但这一趟要带的材料里没有卡：{path}",
        "step '{id}' needs the card the holder has, but no material of its visit is the card, on the path {path}",
    ),
    "p_plan_return": (
        "步骤“{id}”让人再跑一趟 {place}，而中间做的事它用不上（一趟就够）：{path}",
        "step '{id}' sends the person back to {place} although nothing done in between is needed there, on the path {path}",
    ),
    "p_plan_unplaced": ("步骤“{id}”没有写在哪里办", "step '{id}' has no place"),
    "p_plan_no_short": ("步骤“{id}”没有一句话的简写", "step '{id}' has no short form"),
    "p_plan_no_for": ("材料“{id}”没有写是为哪些步骤带的", "material '{id}' does not say which steps it is for"),
    "p_unknown_step": ("{owner_zh}：{key} 里的步骤“{step}”不存在", "{owner_en}: {key} names unknown step '{step}'"),
    "p_not_state": (
        "{owner_zh}：{key} 里的 {fact} 不是计划的状态（要在 situation.yaml 里写明它的起始值）",
        "{owner_en}: {key} names {fact}, which is not a plan state fact (situation.yaml: give it a start)",
    ),
    "p_empty_section": ("分组“{name}”在这条路径上是空的：{path}", "section '{name}' is empty on the path {path}"),
    # --- options
    "bad_name": (
        "--name 最多 {maximum} 个字，且不能含控制字符或文字方向符，实际是“{value}”。",
        "--name must be at most {maximum} characters with no control or text-direction characters, got '{value}'.",
    ),
    "bad_name_column": (
        "姓名最多 {maximum} 个字，且不能含控制字符或文字方向符，实际是“{value}”。",
        "The name must be at most {maximum} characters with no control or text-direction characters, got '{value}'.",
    ),
    "bad_remark": (
        "备注最多 {maximum} 个字，且不能含控制字符或文字方向符，实际是“{value}”。",
        "The remark must be at most {maximum} characters with no control or text-direction characters, got '{value}'.",
    ),
    "bad_width": (
        "--width 应是不小于 {minimum} 的整数，实际是“{value}”。",
        "--width must be a whole number of at least {minimum}, got '{value}'.",
    ),
    "bad_today": (
        "--today 的日期“{value}”无效，请写成 YYYY-MM-DD，例如 2026-11-23。",
        "--today: '{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23.",
    ),
    "bad_format": (
        "--format 的值“{value}”无效。可选值：{allowed}",
        "--format: '{value}' is not valid. Allowed: {allowed}",
    ),
    "bad_encoding": (
        "--encoding 的值“{value}”无效。可选值：{allowed}",
        "--encoding: '{value}' is not valid. Allowed: {allowed}",
    ),
    "bad_lang": ("--lang 的值“{value}”无效。可选值：zh、en", "--lang: '{value}' is not valid. Allowed: zh, en"),
    # --- click usage errors, translated
    "no_such_option": (
        "没有这个选项：{name}{hint}。运行 {cmd} --help 查看用法。",
        "No such option: {name}{hint}. Run {cmd} --help for usage.",
    ),
    "no_such_command": (
        "没有这个命令：{name}。运行 sbk-guide --help 查看所有命令。",
        "No such command: {name}. Run sbk-guide --help to see the commands.",
    ),
    "option_needs_value": ("选项 {name} 后面需要一个值。", "Option {name} needs a value."),
    "missing_option": (
        "缺少选项 {name}。运行 {cmd} --help 查看用法。",
        "Missing option {name}. Run {cmd} --help for usage.",
    ),
    "missing_argument": (
        "缺少参数 {name}。运行 {cmd} --help 查看用法。",
        "Missing argument {name}. Run {cmd} --help for usage.",
    ),
    "usage_generic": (
        "用法有误：{reason}。运行 {cmd} --help 查看用法。",
        "Bad usage: {reason}. Run {cmd} --help for usage.",
    ),
    "extra_argument": (
        "多余的参数：{name}。运行 {cmd} --help 查看用法。",
        "Unexpected argument: {name}. Run {cmd} --help for usage.",
    ),
    # --- rendering labels
    "title": ("社保卡 / 医保卡办理清单", "Social security / medical card checklist"),
    "label_sources": ("资料来源", "Sources"),
    "label_generated": ("生成日期", "Generated"),
    "label_data_version": ("数据版本", "Data version"),
    "label_checked": ("资料核对日期", "Content checked"),
    "none_in_section": ("（无）", "(none)"),
    "untitled_source": ("（页面无标题）", "(page without a headline)"),
    "date_unsure": ("不记得", "not sure"),
    "source_no_date": ("日期不详", "undated"),
    "no_terminal": (
        "没有检测到终端，无法进行问答。请改用 sbk-guide checklist 加选项生成清单（见 sbk-guide checklist --help）。",
        "No terminal: the interactive guide needs one. Use sbk-guide checklist with options instead (see sbk-guide checklist --help).",
    ),
    "welcome_title": ("社保卡 / 医保卡办理向导", "Social security / medical card guide"),
    "welcome": (
        "回答几个问题，最后会得到一份办理清单：要做的步骤、要带的材料、去哪里办、期限。每一步都可以返回上一步，最后还能核对和修改回答。随时按 Ctrl-C 退出。",
        "Answer a few questions to get your checklist: the steps, what to bring, where to go and the deadlines. You can go back at every step and check or change your answers at the end. Press Ctrl-C to leave at any time.",
    ),
    "back": ("← 返回上一步", "← Back"),
    "date_hint": ("例如 2026-05-01 或 2026年5月1日", "e.g. 2026-05-01"),
    "date_hint_unsure": (
        "例如 2026-05-01 或 2026年5月1日；不记得请输入“不记得”",
        "e.g. 2026-05-01; type 'unsure' if you do not remember",
    ),
    "select_hint": ("（用 ↑↓ 选择，回车确认）", "(use ↑↓ and Enter)"),
    "select_hint_search": ("（可直接输入中文或拼音筛选，↑↓ 选择，回车确认）", "(type to filter, ↑↓ and Enter)"),
    "checkbox_hint": ("（↑↓ 移动，空格选中或取消，回车确认）", "(↑↓ to move, Space to tick, Enter to confirm)"),
    "back_hint": ("输入 < 返回上一步", "type < to go back"),
    "keep_hint": ("直接回车保留上次的回答（灰色）", "press Enter to keep the earlier answer (in grey)"),
    "region_pick_note": (
        "（带 * 的地区有本地资料；也可以直接输入地名，如 郑州）",
        "(* marks a region with its own data; you can also type a place name, e.g. Zhengzhou)",
    ),
    "region_hint": (
        "输入省或市的名字，如 郑州、河南、henan/zhengzhou；按 Tab 看候选；不在列表里就输入“全国”",
        "type a province or city, e.g. Zhengzhou, henan, henan/zhengzhou; Tab shows matches; type national if not listed",
    ),
    "region_whole_province": ("整个{name}（或其他城市）", "All of {name} (or another city)"),
    "region_pick_city": (
        "在哪个城市？（不在列表里就选第一项）",
        "Which city? (choose the first line if yours is not listed)",
    ),
    "review_title": ("请核对您的回答", "Please check your answers"),
    "review_question": ("确认无误，还是修改某一项？", "Confirm, or change an answer?"),
    "review_confirm": ("✓ 确认，生成清单", "✓ Confirm and show the checklist"),
    "review_line": ("{label}：{value}", "{label}: {value}"),
    "review_change": ("修改“{label}”", "Change: {label}"),
    "save_question": ("要保存吗？", "Save something?"),
    "save_done": ("完成", "Done"),
    "save_answers": ("保存回答（YAML，下次可直接用）", "Save the answers (YAML, to reuse later)"),
    "save_filename": ("文件名：", "File name:"),
    "saved": ("已保存：{path}", "Saved: {path}"),
    "numbered_pick": ("请输入编号", "Enter a number"),
    "numbered_many": ("请输入编号，多个用逗号隔开（如 1,3）", "Enter numbers separated by commas (e.g. 1,3)"),
    "numbered_many_none": (
        "请输入编号，多个用逗号隔开（如 1,3）；都不选请直接回车",
        "Enter numbers separated by commas (e.g. 1,3); press Enter for none",
    ),
    "encoding_not_for_format": (
        "--encoding {encoding} 只能用于 text、chat 和 markdown；{fmt} 文件总是 UTF-8（小票打印机：--format escpos）。",
        "--encoding {encoding} works only with text, chat and markdown; {fmt} files are always UTF-8 (receipt printers: --format escpos).",
    ),
    "interrupted_save": (
        "已中断。要先保存这些回答或清单吗？（不保存就选“完成”，再按一次 Ctrl-C 直接退出）",
        "Interrupted. Save these answers or the checklist first? (Choose Done to leave without saving; Ctrl-C again quits.)",
    ),
    "piped_ended": (
        "输入的回答在“{question}”之前就用完了，请补上这一题的回答。",
        "The piped answers ended before the question '{question}'; add an answer for it.",
    ),
    "piped_bad": (
        "“{question}”的回答“{value}”不合适：{reason}。",
        "The answer '{value}' does not fit the question '{question}': {reason}.",
    ),
    "numbered_bad": ("请输入列表中的编号。", "Please enter a number from the list."),
    "numbered_too_few": ("请至少选一项。", "Please choose at least one."),
    "numbered_default": ("直接回车 = {value}", "Enter = {value}"),
    "command_equivalent": ("同样的清单可以用这条命令重新生成：", "The same checklist from a script:"),
    # --- printing: A4, receipt, chat, PDF (issue 15)
    "label_name": ("姓名", "Name"),
    # --- the plan layout of every person's output (issue 24)
    "first_label": ("先做这件事", "Do this first"),
    "label_hotline": ("咨询电话", "Phone"),
    "write_in_bank": ("服务银行：", "Service bank: "),
    "write_in_phone": ("电话：", "Phone: "),
    "trip": ("第", "Part"),
    "who_holder": ("本人去", "the holder goes"),
    "who_proxy": ("家人或代办人去", "a family member or agent goes"),
    "who_guardian": ("监护人去", "the guardian goes"),
    # a phone call or an app at home: nobody goes anywhere, so who does it, not who goes
    "who_holder_at_home": ("本人办", "the holder does it"),
    "who_proxy_at_home": ("家人或代办人办", "a family member or agent does it"),
    "who_guardian_at_home": ("监护人办", "the guardian does it"),
    "label_bring": ("带上", "Bring"),
    # a phone call or an app at home: nobody goes anywhere, the things are kept at hand
    "label_at_hand": ("手边准备", "Have at hand"),
    "label_steps_fallback": ("要做的事", "What to do"),
    "label_things": ("要带的东西", "Things to bring"),
    "label_things_at_hand": ("手边要准备的东西", "Things to have at hand"),
    "label_dates": ("日期", "Dates"),
    "label_notes": ("请注意", "Please note"),
    "date_binding_left": ("硬性期限 {due}，还有 {days} 天", "binding deadline {due}, {days} days left"),
    "date_binding_today": ("硬性期限 {due}，就是今天", "binding deadline {due}: today"),
    "date_binding_passed": (
        "硬性期限 {due}，已经过了 {days} 天",
        "binding deadline {due}, passed {days} days ago",
    ),
    "label_staff": ("供工作人员核对", "For staff"),
    "label_remark": ("备注", "Remark"),
    "grade_legend": (
        "O 政府网站，N 新闻或大学网页，W 其他网页（待核实）",
        "O government site, N news or university page, W other page (unconfirmed)",
    ),
    "unconfirmed_mark": ("待核实", "unconfirmed"),
    "label_unconfirmed": ("待核实的内容", "Unconfirmed"),
    "official_link": ("官方说明", "Official page"),
    "pdf_no_cjk_font": (
        "没有找到中文字体，打印出的 PDF 会是一个个方框。请先安装中文字体（例如 Debian/Ubuntu：sudo apt install fonts-noto-cjk；Fedora：sudo dnf install google-noto-sans-cjk-fonts），再试。",
        "No Chinese font was found, so the PDF would show empty boxes. Install one first (e.g. Debian/Ubuntu: sudo apt install fonts-noto-cjk; Fedora: sudo dnf install google-noto-sans-cjk-fonts), then retry.",
    ),
    "pdf_no_browser": (
        "生成 PDF 需要 Chromium、Chrome 或 Edge 浏览器，但本机没有找到。请安装其中一个，或用 SBK_GUIDE_BROWSER 指定浏览器程序的路径；也可以改用 --format html 再用浏览器打印。",
        "Making a PDF needs Chromium, Chrome or Edge, and none was found on this machine. Install one, or set SBK_GUIDE_BROWSER to the browser program's path; or use --format html and print from a browser.",
    ),
    "pdf_browser_missing": (
        "SBK_GUIDE_BROWSER 指向的浏览器程序不存在：{path}",
        "SBK_GUIDE_BROWSER names a browser program that does not exist: {path}",
    ),
    "pdf_failed": (
        "浏览器没能生成 PDF（{browser}）：{reason}",
        "The browser could not make the PDF ({browser}): {reason}",
    ),
    "pdf_to_terminal": (
        "PDF 不能显示在终端里，请用 --output 文件名.pdf 保存。",
        "A PDF cannot be shown in a terminal; save it with --output FILE.pdf.",
    ),
    "escpos_to_terminal": (
        "ESC/POS 打印数据不能显示在终端里，请用 --output 保存到文件，或直接写到打印机（如 --output /dev/usb/lp0）。",
        "ESC/POS printer data cannot be shown in a terminal; save it with --output FILE, or send it to the printer (e.g. --output /dev/usb/lp0).",
    ),
    "unknown_suffix": (
        "不知道 {path} 应该写成哪种格式（后缀 {suffix}）。请用 --format 指定，或用这些后缀之一：{allowed}",
        "Cannot tell the format of {path} from its suffix {suffix}. Give --format, or use one of: {allowed}",
    ),
    "open_failed": ("无法打开 {path}：{reason}", "Could not open {path}: {reason}"),
    "open_needs_file": (
        "--open 需要 --output 文件名（.html 或 .pdf）。",
        "--open needs --output FILE (.html or .pdf).",
    ),
    "batch_problems": ("{count} 处问题：{reasons}", "{count} problems: {reasons}"),
    "batch_columns_help": (
        "可用的列（表头用编号、中文问题或简称都可以）：",
        "Columns (headers may be ids, the Chinese question or its short name):",
    ),
    "batch_example_row": ("例子：", "Example:"),
    # --- the save menu of the interactive guide (issue 16)
    "save_checklist": ("保存清单", "Save the checklist"),
    "save_format_question": ("保存成哪种文件？", "Which kind of file?"),
    "save_stem_checklist": ("清单", "checklist"),
    "save_stem_answers": ("回答", "answers"),
    "save_name_hint": (
        "直接回车就用 {name}；也可以输入别的名字，以 {suffix} 结尾",
        "press Enter for {name}, or type another name ending in {suffix}",
    ),
    "save_name_empty": ("请输入文件名。", "Please type a file name."),
    "save_wrong_suffix": (
        "“{name}”的结尾不对：这里保存的是 {suffix} 文件，文件名要以 {suffix} 结尾。",
        "'{name}' has the wrong ending: this saves a {suffix} file, so the name must end in {suffix}.",
    ),
    "save_exists_question": (
        "{path} 已经有了。要用新的替换它吗？",
        "{path} already exists. Replace it with the new one?",
    ),
    "save_replace_no": ("不替换，换一个名字", "No, use another name"),
    "save_replace_yes": ("替换旧文件", "Yes, replace the old file"),
}


# Parameters that carry what a user typed or a file held (a cell, a path, a column name): shown
# with control characters escaped, so that a message stays one line and a terminal never obeys
# an escape sequence (ESC, OSC, BEL) or a bidi control from input; in errors, cut to SHOWN_MAX.
USER_PARAMS = frozenset(
    {"path", "value", "name", "key", "suffix", "sheet", "columns", "folder", "first_value", "second_value"}
)
SHOWN_MAX = 80
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def is_control(ch: str) -> bool:
    """A control character (C0, DEL, C1) or a bidirectional-text control (U+202E and the like)."""
    code = ord(ch)
    return code < 32 or 0x7F <= code < 0xA0 or ch in BIDI or code in (0x2028, 0x2029)


def shown(text: str, limit: int = SHOWN_MAX) -> str:
    """`text` as a message quotes it: at most `limit` characters (then …), control characters escaped."""
    if len(text) > limit:
        text = text[:limit] + "…"
    if text.isprintable() and not any(ch in BIDI for ch in text):
        return text
    return "".join(ch.encode("unicode_escape").decode("ascii") if is_control(ch) else ch for ch in text)


def msg(message_key: str, lang: str = "zh", /, **params: Any) -> str:
    """Render message `message_key` in `lang` ('zh' or 'en'), filling `params`."""
    pair = _M[message_key]
    template = pair[1] if lang == "en" else pair[0]
    if not params:
        return template
    for key in USER_PARAMS.intersection(params):  # never obey a control character from input
        value = params[key]
        if isinstance(value, str) and not (value.isprintable() and not any(ch in BIDI for ch in value)):
            params[key] = shown(value, len(value))
    return template.format(**params)


def cut_params(params: dict[str, Any]) -> dict[str, Any]:
    """An error's parameters with what the user gave cut short (a 100 MB cell is not echoed whole)."""
    return {
        k: shown(v, 200 if k in ("path", "columns", "folder") else SHOWN_MAX)
        if k in USER_PARAMS and isinstance(v, str)
        else v
        for k, v in params.items()
    }


def has_message(message_key: str) -> bool:
    return message_key in _M


LANG_ENV = "SBK_GUIDE_LANG"
_LANG_ALIASES = {
    "zh": "zh",
    "zh-cn": "zh",
    "zh_cn": "zh",
    "cn": "zh",
    "中文": "zh",
    "en": "en",
    "en-us": "en",
    "en_us": "en",
    "english": "en",
}


def lang_or_none(value: str | None) -> str | None:
    """`zh` or `en` for the accepted spellings, else None."""
    return _LANG_ALIASES.get((value or "").strip().lower())


def guess_lang(args: Sequence[str]) -> str:
    """The language of messages and help, read from the arguments before they are parsed:
    the last --lang, else SBK_GUIDE_LANG, else zh (a value that is not a language gives zh:
    the error about it is then said in Chinese)."""
    value = os.environ.get(LANG_ENV)
    for n, arg in enumerate(args):
        if arg == "--lang" and n + 1 < len(args):
            value = args[n + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
    lang = lang_or_none(value)
    return lang if lang in LANGS else "zh"
