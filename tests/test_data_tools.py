"""validate, questions, regions, tree, and local data folders laid over the shipped data."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from conftest import DATA_VERSION, QUICK

ROOT = Path(__file__).resolve().parents[1]
ITEM = """\
items:
  - id: local-note
    section: notes
    text: {zh: 本地说明。, en: A local note.}
    sources: [{id: suixi-2025, quote: 原文}]
"""


def local(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "local"
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")
    return folder


def test_shipped_data_is_valid(cli):
    r = cli("validate", "--today", "2026-12-07")
    lines = r.stdout.splitlines()
    assert (r.code, lines[0], lines[-1]) == (
        0,
        "待核实的条目（只有弱来源支持，请到官方网站核对）：11 条",
        f"数据没有问题：{ROOT / 'data'}",
    )
    assert f"  {ROOT / 'data' / 'overlays' / 'qinghai.yaml'}:5: 条目“qh-one-stop”（qh-2020-onestop）" in lines
    assert any(line.endswith("条目“face-check-failed”（scimall-ybpz-faq, pcdaily-sh-face）") for line in lines)
    assert len(lines) == 13


def test_worked_example_from_data_readme_is_valid(cli, tmp_path):
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    sources = next(b for b in blocks if b.startswith("sources:"))
    overlay = next(b for b in blocks if b.startswith("region:"))
    folder = local(tmp_path, {"sources.yaml": sources, "overlays/henan/luoyang.yaml": overlay})
    r = cli("validate", "--data-dir", str(folder), "--today", "2026-12-07")
    assert r.code == 0, r.stdout
    args = [*QUICK, "--format", "json", "--today", "2026-11-23", "--data-dir", str(folder)]
    luoyang = json.loads(cli(*args, "--region", "洛阳").stdout)
    places = [i["id"] for i in luoyang["sections"][2]["items"]]
    assert "luoyang-service-hall" in places and luoyang["data_version"] == f"{DATA_VERSION}+local"
    assert {
        "id": "luoyang-2026",
        "title": "社保卡服务网点公告",
        "publisher": "洛阳市人力资源和社会保障局",
        "date": "2026-10-15",
        "grade": "O",
    } in luoyang["sources"]
    # nothing else changes: another Henan city is as before, apart from the version
    kaifeng_local = json.loads(cli(*args, "--region", "开封").stdout)
    kaifeng_plain = json.loads(cli(*args[:-2], "--region", "开封").stdout)
    assert kaifeng_local["sections"] == kaifeng_plain["sections"]


def test_env_variable_names_the_local_folder(cli, tmp_path):
    folder = local(tmp_path, {"items.yaml": ITEM})
    args = [*QUICK, "--region", "national", "--format", "json"]
    doc = json.loads(cli(*args, env={"SBK_GUIDE_DATA": str(folder)}).stdout)
    assert "local-note" in [i["id"] for i in doc["sections"][4]["items"]]


@pytest.mark.parametrize(
    "files, expected",
    [
        (
            {"items.yaml": "items:\n  - id: x\n    section: notes\n    text: {zh: 甲\n"},
            ["items.yaml:5: did not find expected ',' or '}'"],
        ),
        (
            {
                "items.yaml": "items:\n  - id: x\n    section: notes\n    text: {zh: 只有中文}\n    sources: [{id: suixi-2025, quote: 原文}]\n"
            },
            ["items.yaml:4: items/0/text: 'en' is a required property"],
        ),
        (
            {
                "items.yaml": "items:\n  - id: x\n    section: elsewhere\n    text: {zh: 甲, en: a}\n    sources: [{id: suixi-2025, quote: 原文}]\n"
            },
            [
                "items.yaml:2: items/0/section: 'elsewhere' is not one of ['steps', 'materials', 'places', 'deadlines', 'notes', 'contacts']"
            ],
        ),
        (
            {
                "items.yaml": "items:\n  - id: x\n    section: notes\n    text: {zh: 甲, en: a}\n    sources: [{id: nowhere, quote: 原文}]\n"
            },
            ["items.yaml:2: item 'x' cites unknown source 'nowhere' (sources.yaml)"],
        ),
        (
            {
                "items.yaml": "items:\n  - id: x\n    section: notes\n    when: {colour: red}\n    text: {zh: 甲, en: a}\n    sources: [{id: suixi-2025, quote: 原文}]\n"
            },
            ["items.yaml:2: item 'x': condition refers to unknown question 'colour'"],
        ),
        (
            {
                "items.yaml": "items:\n  - id: x\n    section: notes\n    when: {card: plastic}\n    text: {zh: 甲, en: a}\n    sources: [{id: suixi-2025, quote: 原文}]\n"
            },
            [
                "items.yaml:2: item 'x': condition card=plastic: 'plastic' is not a value of card (new, replacement, legacy, e-sbk, e-medical)"
            ],
        ),
        (
            {
                "items.yaml": "items:\n  - id: x\n    section: notes\n    when: {all: [{card: new}, {card: legacy}]}\n    text: {zh: 甲, en: a}\n    sources: [{id: suixi-2025, quote: 原文}]\n"
            },
            ["items.yaml:2: item 'x' appears on no path"],
        ),
        ({"items.yaml": ITEM + ITEM[len("items:\n") :]}, ["items.yaml:6: duplicate id 'local-note' in items"]),
        (
            {
                "items.yaml": "items:\n  - id: x\n    section: notes\n    text:\n      zh: 截止{when}\n      en: by {when}\n    sources: [{id: suixi-2025, quote: 原文}]\n"
            },
            [
                "items.yaml:2: item 'x': unknown placeholder {when} in zh text",
                "items.yaml:2: item 'x': unknown placeholder {when} in en text",
            ],
        ),
        ({"meta.yaml": "checked: 2027-01-01\n"}, ["meta.yaml: checked: 2027-01-01 is in the future"]),
        (
            {
                "items.yaml": "items:\n  - id: x\n    section: notes\n    text: {zh: 甲, en: a}\n    sources: [{id: suixi-2025}]\n"
            },
            ["items.yaml:5: items/0/sources/0: 'quote' is a required property"],
        ),
        (
            {
                "items.yaml": "items:\n  - id: x\n    section: notes\n    text: {zh: 甲, en: a}\n    sources: [suixi-2025]\n"
            },
            ["items.yaml:2: items/0/sources/0: 'suixi-2025' is not of type 'object'"],
        ),
        (
            {
                "items.yaml": "items:\n  - id: x\n    section: notes\n    text: {zh: 甲, en: a}\n    sources: [{id: 3news-2022-pin, quote: 原文}]\n"
            },
            ["items.yaml:2: item 'x' cites only weak sources (grade W); add an official (O) or news (N) one"],
        ),
        (
            {"sources.yaml": "sources:\n  - {id: s, publisher: p, grade: O, date: '2026-01-01'}\n"},
            [
                "sources.yaml:2: sources/0: {'id': 's', 'publisher': 'p', 'grade': 'O', 'date': '2026-01-01'} is not valid under any of the given schemas"
            ],
        ),
        (
            {
                "items.yaml": "items:\n  - id: x\n    section: steps\n    who: proxy\n    text: {zh: 您去办, en: you go}\n    sources: [{id: suixi-2025, quote: 原文}]\n"
            },
            [
                "items.yaml:2: item 'x': who is proxy, but the zh text does not name the 代办人",
                "items.yaml:2: item 'x': who is proxy, but the en text does not name the agent",
            ],
        ),
        (
            {
                "items.yaml": "items:\n  - id: x\n    section: notes\n    asserts: {mood: happy}\n    text: {zh: 甲, en: a}\n    sources: [{id: suixi-2025, quote: 原文}]\n"
            },
            ["items.yaml:2: item 'x': asserts unknown fact 'mood' (situation.yaml)"],
        ),
        (
            {
                "items.yaml": "items:\n  - id: x\n    section: notes\n    when: {needs: hospital}\n    asserts: {card_in_hand: 'yes'}\n    text: {zh: 看卡面, en: look at the card}\n    sources: [{id: suixi-2025, quote: 原文}]\n"
            },
            [
                "items.yaml:2: item 'x' says card_in_hand=yes, but situation.yaml rule (line ",
            ],
        ),
        (
            {
                "overlays/henan/luoyang.yaml": "region: henan/luoyang\nchecked: 2026-11-01\nreplace:\n  - id: nothing-here\n    sources: [{id: suixi-2025, quote: 原文}]\n"
            },
            ["overlays/henan/luoyang.yaml:4: replace: no item 'nothing-here' to replace in henan/luoyang"],
        ),
        (
            {
                "overlays/henan/luoyang.yaml": "region: henan/luoyang\nchecked: 2026-11-01\nremove: [mat-doc-self, mat-proxy-ids, mat-guardian, mat-guardian-book, mat-card, mat-phone]\n"
            },
            ["items.yaml: section 'materials' is empty on the path"],
        ),
        (
            {"overlays/atlantis.yaml": "region: atlantis\nchecked: 2026-11-01\n"},
            ["overlays/atlantis.yaml:1: overlay region 'atlantis' is not a known province or city (regions.yaml)"],
        ),
        (
            {"regions.yaml": "regions:\n  - {id: henan, zh: 河南省, en: Henan, cities: {luoyang: {en: Luoyang}}}\n"},
            ["regions.yaml:2: regions/0/cities/luoyang: {'en': 'Luoyang'} is not valid under any of the given schemas"],
        ),
        (
            {"questions.yaml": "questions: []\n"},
            ["questions.yaml: local data may not redefine the questions or sections (contract.md)"],
        ),
    ],
)
def test_each_kind_of_problem_is_reported_at_its_place(cli, tmp_path, files, expected, monkeypatch):
    from guide.loading import validate

    found: dict = {}  # the checks run once; both languages word the same problems

    def once(data_dir=None, today=None):
        if (data_dir, today) not in found:
            found[(data_dir, today)] = run(data_dir, today)
        return found[(data_dir, today)]

    run = validate.run_validation
    monkeypatch.setattr(validate, "run_validation", once)
    folder = local(tmp_path, files)
    r = cli("validate", "--data-dir", str(folder), "--today", "2026-12-07", "--lang", "en")
    assert r.code == 1
    lines = r.stdout.splitlines()
    for want in expected:
        assert any(line.startswith((str(folder) + "/" + want, want)) for line in lines), (want, lines)
    assert lines[-1].startswith(f"{len(lines) - 1} problem(s) found: ")
    # the same problems, at the same places, worded in Chinese in a Chinese session
    r = cli("validate", "--data-dir", str(folder), "--today", "2026-12-07")
    zh_lines = r.stdout.splitlines()
    assert r.code == 1 and len(zh_lines) == len(lines)
    assert zh_lines[-1].startswith(f"发现 {len(lines) - 1} 个问题：")
    for en_line, zh_line in zip(lines[:-1], zh_lines[:-1], strict=True):
        place = en_line[: en_line.index(": ") + 2]
        assert zh_line.startswith(place), (zh_line, en_line)
        words = re.sub(r"[\w./{}'\-]*[_/.=\d{}'][\w./{}'\-]*", "", zh_line[len(place) :])  # ids, keys, paths
        assert re.search(r"[\u4e00-\u9fff]", zh_line[len(place) :]), zh_line
        assert not re.search(r"\b(is|not|the|of|must|a|and|property|valid|found)\b", words), zh_line


def test_every_problem_not_just_the_first(cli, tmp_path):
    folder = local(
        tmp_path,
        {
            "items.yaml": "items:\n  - id: a\n    section: notes\n    text: {zh: 甲}\n    sources: [{id: suixi-2025, quote: 原文}]\n"
            "  - id: b\n    section: nowhere\n    text: {zh: 乙, en: b}\n    sources: []\n",
            "sources.yaml": "sources:\n  - id: s\n    title: t\n",
        },
    )
    r = cli("validate", "--data-dir", str(folder))
    assert r.code == 1
    assert len(r.stdout.splitlines()) - 1 >= 4


def test_broken_local_data_gives_one_line_not_a_traceback(cli, tmp_path):
    folder = local(tmp_path, {"items.yaml": "items:\n  - id: x\n    section: notes\n    text: {zh: 甲\n"})
    r = cli("checklist", "--card", "e-medical", "--data-dir", str(folder), "--lang", "en")
    assert (r.code, r.stderr) == (
        2,
        f"Error: Data error: {folder / 'items.yaml'}:5: did not find expected ',' or '}}'\n",
    )
    r = cli("checklist", "--card", "e-medical", "--data-dir", str(folder))
    assert (r.code, r.stderr) == (
        2,
        f"错误：数据有误：{folder / 'items.yaml'}:5：YAML 写法有误：请检查这一行附近的冒号、引号、括号和缩进\n",
    )
    bad = tmp_path / "gbk"
    bad.mkdir()
    (bad / "items.yaml").write_bytes("items: [甲]".encode("gbk"))
    r = cli("questions", "--data-dir", str(bad))
    assert (r.code, r.stderr) == (2, f"错误：数据有误：{bad / 'items.yaml'}：不是 UTF-8 编码的文字\n")
    r = cli("questions", "--data-dir", str(bad), "--lang", "en")
    assert (r.code, r.stderr) == (2, f"Error: Data error: {bad / 'items.yaml'}: not UTF-8 text\n")


def test_questions_json_is_the_vocabulary(cli, data):
    doc = json.loads(cli("questions", "--format", "json").stdout)
    assert [q["id"] for q in doc] == [
        "card",
        "region",
        "insurance",
        "needs",
        "received",
        "applicant",
        "in_person",
        "id_document",
        "living_region",
        "pin_changed",
        "problems",
    ]
    by_id = {q["id"]: q for q in doc}
    assert [v["value"] for v in by_id["card"]["values"]] == ["new", "replacement", "legacy", "e-sbk", "e-medical"]
    assert by_id["in_person"]["asked_when"] == "applicant=proxy" and by_id["in_person"]["option"] == "--in-person"
    assert by_id["problems"]["min"] == 0 and by_id["needs"]["min"] == 1
    table = cli("questions").stdout.splitlines()
    assert table[0].split() == ["id", "选项", "问题", "何时提问", "可选值"]
    assert table[2].split()[:3] == ["card", "--card", "卡的类型"]


def test_regions(cli):
    doc = json.loads(cli("regions", "--format", "json").stdout)
    provinces = [r for r in doc if r["parent"] is None and r["id"] != "national"]
    assert len(provinces) == 31
    by_id = {r["id"]: r for r in doc}
    assert by_id["henan/zhengzhou"] == {
        "id": "henan/zhengzhou",
        "name": "河南省郑州市",
        "name_en": "Zhengzhou, Henan",
        "own_data": True,
        "data_from": ["henan", "henan/zhengzhou"],
        "checked": "2026-11-26",
        "parent": "henan",
    }
    assert by_id["henan/luoyang"]["own_data"] is False and by_id["henan/luoyang"]["data_from"] == ["henan"]
    own = sorted(r["id"] for r in doc if r["own_data"])
    assert own == sorted(
        [
            "anhui/fuyang",
            "beijing",
            "chongqing",
            "fujian",
            "guangdong",
            "guangdong/zhongshan",
            "hebei/shijiazhuang",
            "heilongjiang/mudanjiang",
            "henan",
            "henan/zhengzhou",
            "hubei",
            "hunan",
            "jiangsu/zhenjiang",
            "jiangxi",
            "jilin/changchun",
            "neimenggu",
            "qinghai",
            "shandong/linyi",
            "shanghai",
            "yunnan",
            "zhejiang/ningbo",
        ]
    )
    assert len(doc) == 1 + 31 + 333 + 32  # national, provinces, prefectures, county-level units run by provinces
    # English names where they are not the pinyin; typed as input too
    assert by_id["heilongjiang/haerbin"]["name_en"] == "Harbin, Heilongjiang"
    assert by_id["xinjiang/wulumuqi"]["name_en"] == "Urumqi, Xinjiang"
    assert by_id["hubei/yichang"]["name"] == "湖北省宜昌市" and by_id["hubei/yichang"]["checked"] == "2026-11-26"
    r = cli(
        *["checklist", "--region", "Harbin", "--card", "e-medical", "--insurance", "employee"],
        "--format",
        "json",
        "--need",
        "hospital",
        "--applicant",
        "self",
        "--today",
        "2026-11-23",
    )
    assert json.loads(r.stdout)["region"] == {
        "id": "heilongjiang/haerbin",
        "name": "黑龙江省哈尔滨市",
        "specific": False,
    }
    table = cli("regions", "--lang", "en").stdout
    assert re.search(
        r"^henan/zhengzhou\s+河南省郑州市\s+Zhengzhou, Henan\s+yes\s+national \+ henan \+ henan/zhengzhou\s+2026-11-26$",
        table,
        re.M,
    )
    assert table.rstrip().endswith(
        "Divisions: 民政部《中华人民共和国县以上行政区划代码》2025年版（截至2025年12月31日）"
    )


def test_tree_mermaid_matches_data_readme(cli):
    out = cli("tree").stdout
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert f"```mermaid\n{out}\n```" in readme
    assert '  applicant -->|"applicant=proxy"| in_person' in out


def test_tree_dot_is_well_formed(cli, data):
    out = cli("tree", "--format", "dot").stdout
    assert out.startswith("digraph sbk_guide {") and out.rstrip().endswith("}")
    assert out.count("{") == out.count("}")
    nodes = set(re.findall(r"^  (\w+) \[", out, re.M)) - {"node"}
    edges = re.findall(r"^  (\w+) -> (\w+)", out, re.M)
    assert {q.id for q in data.questions} <= nodes
    assert all(a in nodes and b in nodes for a, b in edges)
    # every question is reachable from start
    reach, frontier = {"start"}, ["start"]
    while frontier:
        node = frontier.pop()
        for a, b in edges:
            if a == node and b not in reach:
                reach.add(b)
                frontier.append(b)
    assert nodes <= reach
    r = cli("tree", "--format", "svg")
    assert (r.code, r.stderr) == (2, "错误：--format 的值“svg”无效。可选值：mermaid, dot\n")


def test_broken_local_data_stops_with_every_problem_at_once(cli, tmp_path):
    """The compiler does not stop at the first problem: a command on broken local data lists them all."""
    folder = local(
        tmp_path,
        {
            "items.yaml": "items:\n  - id: x\n    section: elsewhere\n    text: {zh: 甲, en: a}\n"
            "    sources: [{id: suixi-2025, quote: 原文}]\n",
            "overlays/atlantis.yaml": "region: atlantis\nchecked: 2026-11-01\nsettings: {activation_months: 0}\n",
        },
    )
    r = cli("checklist", "--card", "e-medical", "--data-dir", str(folder), "--lang", "en")
    assert r.code == 2
    head, *lines = r.stderr.rstrip("\n").split("\n")
    assert head == "Error: 2 data problems (see sbk-guide validate):"
    assert lines == [
        f"  {folder / 'items.yaml'}:2: items/0/section: 'elsewhere' is not one of "
        "['steps', 'materials', 'places', 'deadlines', 'notes', 'contacts']",
        f"  {folder / 'overlays/atlantis.yaml'}:3: settings/activation_months: 0 is less than the minimum of 1",
    ]
    r = cli("checklist", "--card", "e-medical", "--data-dir", str(folder))
    assert r.stderr.split("\n")[0] == "错误：数据有 2 处问题（运行 sbk-guide validate 查看）："
    assert (
        "items/0/section: “elsewhere”不是可用的值（可用：steps、materials、places、deadlines、notes、contacts）"
        in r.stderr
    )
    assert "settings/activation_months: “0”超出了允许的范围" in r.stderr
