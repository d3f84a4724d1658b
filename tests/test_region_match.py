"""guide/core/region_match: every division of the code list is recognised, tricky names
resolve sensibly, typos get the suggestions a person would expect."""

from __future__ import annotations

import dataclasses
import json
import marshal
from pathlib import Path

import pytest
import yaml

from guide.core.region_match import Index, build_index, fold, resolve, short_name, suggest

DATA = Path(__file__).resolve().parent.parent / "data"
VARIANTS = yaml.safe_load((DATA / "region_variants.yaml").read_text(encoding="utf-8"))


def _plain(regions):
    """The compiled form build_index reads (Region values as the compiler's dicts)."""
    return {rid: dataclasses.asdict(region) for rid, region in regions.items()}


@pytest.fixture(scope="module")
def index(data) -> Index:
    return build_index({"regions": _plain(data.regions), "variants": VARIANTS})


def divisions():
    """(id, Chinese full name, short name, traditional name) of every division, from the data."""
    regions = yaml.safe_load((DATA / "regions.yaml").read_text(encoding="utf-8"))["regions"]
    for province in regions:
        yield province["id"], province["zh"]
        for slug, city in (province.get("cities") or {}).items():
            yield f"{province['id']}/{slug}", city["zh"] if isinstance(city, dict) else city


ALL = list(divisions())


def test_the_code_list_is_complete():
    provinces = [rid for rid, _ in ALL if "/" not in rid]
    codes = {rid: VARIANTS["divisions"][rid]["code"] for rid, _ in ALL}
    prefecture = [rid for rid, code in codes.items() if "/" in rid and code.endswith("00")]
    direct = [rid for rid, code in codes.items() if "/" in rid and not code.endswith("00")]
    assert (len(provinces), len(prefecture), len(direct)) == (31, 333, 32)
    assert len(set(codes.values())) == len(codes)
    assert all(codes[rid][:2] == codes[rid.split("/")[0]][:2] for rid in codes)
    assert VARIANTS["edition_date"] == "2025-12-31" and "2025" in VARIANTS["edition"]
    # recent changes: 莱芜 merged into 济南 (2019), 海东 is a 市, Xinjiang's newest city (2023)
    names = {zh: rid for rid, zh in ALL}
    assert "莱芜市" not in names and names["海东市"] == "qinghai/haidong" and names["白杨市"] == "xinjiang/baiyang"


@pytest.mark.parametrize("rid, zh", ALL, ids=[rid for rid, _ in ALL])
def test_every_division_resolves(data, index, rid, zh):
    """By full name, short name, pinyin id, traditional name, and after its province."""
    division = VARIANTS["divisions"][rid]
    for text in (zh, division["short"], rid, division["zht"], rid.replace("/", " ")):
        match = resolve(index, text)
        assert match is not None, text
        # a short name shared with a province is the province's (吉林; 海南 for Qinghai's 海南州): the city is next
        assert match.id == rid or rid in match.alternatives, text
        assert not match.fallback, text
    if "/" in rid:
        province = rid.split("/")[0]
        province_zh = data.regions[province].zh
        for text in (province_zh + zh, province_zh + division["short"], province + "/" + rid.split("/")[1]):
            assert resolve(index, text).id == rid, text  # type: ignore[union-attr]


def test_every_english_name_resolves(index, data):
    for rid, _ in ALL:
        match = resolve(index, data.regions[rid].en)
        assert match is not None and (match.id == rid or rid in match.alternatives), rid


TRICKY = [
    ("吉林省吉林市", "jilin/jilin"),
    ("吉林市", "jilin/jilin"),
    ("吉林", "jilin"),
    ("海南省", "hainan"),
    ("海南", "hainan"),
    ("海南藏族自治州", "qinghai/hainan"),
    ("海南州", "qinghai/hainan"),
    ("朝阳", "liaoning/chaoyang"),
    ("巴音郭楞", "xinjiang/bayinguoleng"),
    ("黔东南", "guizhou/qiandongnan"),
    ("大兴安岭", "heilongjiang/daxinganling"),
    ("神农架林区", "hubei/shennongjia"),
    ("济源", "henan/jiyuan"),
    ("仙桃", "hubei/xiantao"),
    ("儋州", "hainan/danzhou"),
    ("石河子市", "xinjiang/shihezi"),
    ("延边朝鲜族自治州", "jilin/yanbian"),
    ("延边州", "jilin/yanbian"),
    ("喀什地区", "xinjiang/kashi"),
    ("锡林郭勒盟", "neimenggu/xilinguole"),
    ("大理", "yunnan/dali"),
    ("汕头", "guangdong/shantou"),
    ("三亚", "hainan/sanya"),
    ("鄭州", "henan/zhengzhou"),
    ("廣東省", "guangdong"),
    ("貴陽市", "guizhou/guiyang"),
    ("臺州", "zhejiang/taizhou"),
    ("湖北省宜昌市", "hubei/yichang"),
    ("宜昌", "hubei/yichang"),
    ("yichang", "hubei/yichang"),
    ("河南郑州", "henan/zhengzhou"),
    ("河南 郑州", "henan/zhengzhou"),
    ("ｈｅｎａｎ／ｚｈｅｎｇｚｈｏｕ", "henan/zhengzhou"),
    ("河南省郑州市", "henan/zhengzhou"),
    ("henan zhengzhou", "henan/zhengzhou"),
    ("Zhengzhou, Henan", "henan/zhengzhou"),
    ("Zhengzhou City", "henan/zhengzhou"),
    ("陕西", "shaanxi"),
    ("山西", "shanxi"),
    ("shaanxi/xian", "shaanxi/xian"),
    ("Xi'an", "shaanxi/xian"),
    ("Inner Mongolia", "neimenggu"),
    ("内蒙", "neimenggu"),
    ("Tibet", "xizang"),
    ("Harbin", "heilongjiang/haerbin"),
    ("Kashgar", "xinjiang/kashi"),
    ("莱芜", "shandong/jinan"),
    ("全国", "national"),
]


@pytest.mark.parametrize("text, rid", TRICKY)
def test_tricky_names(index, text, rid):
    match = resolve(index, text)
    assert match is not None and (match.id, match.fallback) == (rid, False)


def test_ambiguous_names_name_the_others(index):
    assert resolve(index, "吉林").alternatives == ("jilin/jilin",)  # type: ignore[union-attr]
    assert resolve(index, "海南").alternatives == ("qinghai/hainan",)  # type: ignore[union-attr]
    # the same pinyin in two provinces: the lower division code first, the other named
    assert resolve(index, "suzhou")[::3] == ("jiangsu/suzhou", ("anhui/suzhou",))  # type: ignore[index]
    assert resolve(index, "taizhou")[::3] == ("jiangsu/taizhou", ("zhejiang/taizhou",))  # type: ignore[index]
    assert resolve(index, "zhejiang taizhou").id == "zhejiang/taizhou"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text, rid, matched",
    [
        ("河南省某某县", "henan", "河南省"),
        ("河南省郑州市金水区", "henan/zhengzhou", "河南省郑州市"),
        ("郑州市金水区", "henan/zhengzhou", "郑州市"),
        ("北京市朝阳区", "beijing", "北京市"),
        ("海南州共和县", "qinghai/hainan", "海南州"),
        ("henan/atlantis", "henan", "henan"),
    ],
)
def test_unknown_part_falls_back(index, text, rid, matched):
    assert resolve(index, text) == (rid, True, matched, ())


@pytest.mark.parametrize("text", ["", "   ", "atlantis", "朝阳区", "河南宜昌", "河南郑洲", "宣昌", "张家港"])
def test_not_resolved(index, text):
    assert resolve(index, text) is None


TYPOS = [
    ("郑洲", ["henan/zhengzhou"]),  # a pinyin keyboard's homophone
    ("郑洲市", ["henan/zhengzhou"]),
    ("石家装", ["hebei/shijiazhuang"]),
    ("呼和浩忒", ["neimenggu/huhehaote"]),
    ("广洲", ["guangdong/guangzhou"]),  # not 株洲, which only shares 洲
    ("苏洲", ["jiangsu/suzhou", "anhui/suzhou"]),  # both read su zhou; the one sharing 苏 first
    ("宜常", ["hubei/yichang"]),
    ("湖北宜常", ["hubei/yichang"]),
    ("河南郑洲", ["henan/zhengzhou"]),
    ("河南宜昌", ["hubei/yichang"]),  # the city is right, the province is not
    ("增州", ["henan/zhengzhou"]),  # zeng for zheng: a southern speaker's z/zh
    ("哈尔宾", ["heilongjiang/haerbin"]),
    ("乌鲁木其", ["xinjiang/wulumuqi"]),
    ("黔东男", ["guizhou/qiandongnan"]),
    ("湖北宣昌", ["hubei/yichang"]),  # a look-alike only inside the province named
    ("宣昌", []),  # ... never 南昌 or 许昌 elsewhere
    ("zhengzou", ["henan/zhengzhou"]),
    ("henan/luoyan", ["henan/luoyang"]),
    ("henna", ["henan"]),
    ("shanxi/xian", ["shaanxi/xian"]),
    ("urumchi", ["xinjiang/wulumuqi"]),
]


@pytest.mark.parametrize("text, expected", TYPOS)
def test_typo_suggestions(index, text, expected):
    assert resolve(index, text) is None or resolve(index, text).fallback  # type: ignore[union-attr]
    assert suggest(index, text) == expected


def test_suggestions_follow_the_script(index):
    assert all("/" in rid or rid.isascii() for rid in suggest(index, "zhengzou"))
    assert suggest(index, "atlantis") == [] and suggest(index, "") == []
    assert len(suggest(index, "福洲", limit=1)) == 1


def test_fold():
    idx = build_index({"regions": {"henan": {"zh": "河南省", "en": "Henan", "parent": ""}}, "variants": VARIANTS})
    assert fold(idx, "ＨＥＮＡＮ　鄭州") == "henan 郑州"
    assert resolve(idx, "河南") == ("henan", False, "河南", ())


def test_short_names():
    assert [short_name(n, False) for n in ("宜昌市", "延边朝鲜族自治州", "锡林郭勒盟", "神农架林区", "喀什地区")] == [
        "宜昌",
        "延边",
        "锡林郭勒",
        "神农架",
        "喀什",
    ]
    assert short_name("黔东南苗族侗族自治州", False) == "黔东南"
    assert short_name("广西壮族自治区", True) == "广西" and short_name("吉林省", True) == "吉林"


def test_index_is_plain_data(index):
    """The compiled-data cache stores it with marshal; JSON round-trips it unchanged."""
    assert json.loads(json.dumps(index, ensure_ascii=False)) == index
    assert marshal.loads(marshal.dumps(index)) == index  # noqa: S302 (our own bytes)


def test_without_variants_still_resolves(data):
    """A local data folder may add a city the variants table does not know."""
    idx = build_index({"regions": _plain(data.regions)})
    assert resolve(idx, "延边朝鲜族自治州").id == "jilin/yanbian"  # type: ignore[union-attr]
    assert resolve(idx, "延边").id == "jilin/yanbian"  # type: ignore[union-attr]
    assert resolve(idx, "鄭州") is None


def test_generated_files_are_up_to_date():
    """data/regions.yaml and data/region_variants.yaml are what tools/gen_regions.py writes
    (needs the dev extra: pip install -e '.[dev]')."""
    pytest.importorskip("pypinyin")
    pytest.importorskip("opencc")
    import subprocess
    import sys

    script = DATA.parent / "tools" / "gen_regions.py"
    r = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
