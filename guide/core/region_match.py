"""Recognise a region from what a person types, and suggest the nearest ones for a typo.

Pure and stdlib-only. `build_index` turns the regions data into plain dicts and lists
(JSON- and marshal-friendly, so the compiled-data cache can hold it and start-up pays
nothing); `resolve` and `suggest` only read it.

Accepted input, for every province-level and prefecture-level division (and the
county-level units a province administers directly):

- Chinese, simplified or traditional (鄭州, 廣東), full-width or not, with or without
  the suffix (省 市 自治区 自治州 州 地区 盟 林区 县 特别行政区), alone or after the
  province (郑州, 郑州市, 河南郑州, 河南省郑州市, 吉林省吉林市);
- pinyin ids with or without the province (zhengzhou, henan/zhengzhou, henan zhengzhou,
  Zhengzhou, zhengzhou henan) and English names (Harbin, Inner Mongolia, Kashgar).

Ambiguous names resolve deterministically: a province's name wins over a city's (吉林,
海南), a fuller name over a shorter one (海南州 is Qinghai's 海南藏族自治州), and
otherwise the lower division code (suzhou is 苏州, then 宿州); `Match.alternatives`
lists the others. Text after a recognised province or city that names nothing we know
(河南省某某县, 郑州市金水区) resolves to that province or city with `fallback=True`.

Suggestions follow the script typed: Chinese candidates are compared by sound first
(郑洲 → 郑州, 石家装 → 石家庄: a pinyin keyboard's typo) and never by one shared
character alone, except inside the province the person named; latin candidates by
spelling. The province named comes first.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple, TypedDict

INDEX_VERSION = 1
# No place name is longer (the longest official one has 11 characters): matching and suggesting
# look at no more of what was typed, so a pasted page of text is answered as fast as a name.
NAME_MAX = 40


class Index(TypedDict):
    """The lookup tables (plain builtins only)."""

    version: int
    order: dict[str, int]  # region id -> rank (division-code order; national first)
    parent: dict[str, str]  # region id -> its province id ("" for provinces and national)
    # (values are space-separated strings rather than lists: a third fewer objects for the
    # cache to load at every start-up)
    zh: dict[str, str]  # folded Chinese form -> region ids, best first
    latin: dict[str, str]  # folded latin form -> region ids, best first
    province_forms: list[list[str]]  # [form, province id], longest form first (zh and latin)
    sound: dict[str, str]  # region id -> short Chinese name and its syllables: "郑州 zheng zhou"
    spelling: dict[str, str]  # region id -> latin forms to compare a typo with: "haerbin harbin"
    t2s: dict[str, str]  # traditional / variant character -> simplified
    pinyin: dict[str, str]  # syllable -> characters usually read so


class Match(NamedTuple):
    id: str
    fallback: bool  # part of the input named nothing known: this is the region around it
    matched: str  # the (folded) form that was recognised
    alternatives: tuple[str, ...] = ()  # other regions with the same name, next best first


# ---------------------------------------------------------------- names

_ETHNIC_NAMES = """蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡
    纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯
    鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"""
_ETHNIC = sorted(_ETHNIC_NAMES.split(), key=len, reverse=True)
_PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")
_CITY_SUFFIXES = ("自治州", "自治县", "林区", "地区", "盟", "市", "州", "县", "区")
# what may stand after a name and still name the same place (郑州市, 延边州, 河南省)
_TRAILING = ("特别行政区", "自治区", "自治州", "自治县", "林区", "地区", "省", "市", "州", "盟", "县", "区")
_COUNTY_LEVEL = frozenset(("区", "县", "旗", "市辖区", "新区"))
_NOISE_WORDS = (
    "city shi province sheng prefecture league meng region autonomous zizhiqu zizhizhou diqu "
    "municipality sar special administrative of china prc the"
)
_LATIN_NOISE = frozenset(_NOISE_WORDS.split())
# no `re` here: compiling two patterns costs more start-up than the whole lookup
_SEPARATORS = str.maketrans(dict.fromkeys("/\\,，、。.·・-_'’`()（）:：;；", " "))


def _words(text: str) -> list[str]:
    """henan/zhengzhou, "Zhengzhou, Henan", 河南 郑州 -> the words."""
    return text.translate(_SEPARATORS).split()


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def short_name(zh: str, province: bool) -> str:
    """宜昌市 -> 宜昌, 延边朝鲜族自治州 -> 延边, 广西壮族自治区 -> 广西, 神农架林区 -> 神农架."""
    suffixes = _PROVINCE_SUFFIXES if province else _CITY_SUFFIXES
    for suffix in suffixes:
        if zh.endswith(suffix) and len(zh) - len(suffix) >= 2:
            stem = zh[: -len(suffix)]
            if suffix.startswith("自治"):
                stem = _strip_ethnic(stem)
            return stem
    return zh


def _strip_ethnic(stem: str) -> str:
    changed = True
    while changed:
        changed = False
        for name in _ETHNIC:
            for tail in (name + "族", name):
                if stem.endswith(tail) and len(stem) - len(tail) >= 2:
                    stem = stem[: -len(tail)]
                    changed = True
                    break
            if changed:
                break
    return stem


def _latin_key(text: str) -> str:
    """Lüliang -> lvliang (pinyin's v), Garzê -> garze, Xi'an -> xian."""
    text = unicodedata.normalize("NFKD", text.lower().replace("ü", "v"))
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


# ---------------------------------------------------------------- building


def build_index(data: Mapping[str, Any]) -> Index:
    """The lookup tables for `data`: {"regions": ..., "variants": ...}.

    `regions` maps each region id to {"zh", "en", "parent", optional "short" and
    "aliases"} (the compiled form: `Dataset.regions`), or is a list of such mappings
    with an "id". `variants` is data/region_variants.yaml as loaded (optional: without
    it, traditional input and homophones are not recognised).
    """
    raw = data["regions"]
    regions: dict[str, Mapping[str, Any]] = (
        {str(r["id"]): r for r in raw} if isinstance(raw, list) else {str(k): v for k, v in raw.items()}
    )
    variants: Mapping[str, Any] = data.get("variants") or {}
    divisions: Mapping[str, Mapping[str, Any]] = variants.get("divisions") or {}
    codes = {rid: str(divisions.get(rid, {}).get("code", "")) for rid in regions}
    # national first, then division-code order; regions without a code (local data) keep file order
    rids = sorted(regions, key=lambda r: (r != "national", codes[r] or "999999", list(regions).index(r)))
    order = {rid: n for n, rid in enumerate(rids)}
    parent = {rid: str(regions[rid].get("parent") or "") for rid in rids}

    t = _Tables(order)
    for rid in rids:
        r = regions[rid]
        full = _fold_plain(str(r["zh"]))
        en = str(r.get("en") or "")
        aliases = [str(a) for a in (r.get("aliases") or [])]
        aliases += [str(a) for a in (variants.get("aliases") or {}).get(rid, [])]
        if rid == "national":
            for name in [full, *aliases]:
                t.add(t.zh, _fold_plain(name), 0, rid) if _has_cjk(name) else t.add(t.latin, _latin_key(name), 0, rid)
            t.add(t.latin, "national", 0, rid)
            continue
        province = not parent[rid]
        short = str(divisions.get(rid, {}).get("short") or short_name(full, province))
        syllables = str(divisions.get(rid, {}).get("py") or "")
        t.sound[rid] = f"{short} {syllables}".strip()
        if province:
            _province_forms(t, rid, full, short, en, aliases)
        else:
            _city_forms(t, rid, full, short, en, aliases)
    zh, latin, province_forms, sound, spelling = t.zh, t.latin, t.province_forms, t.sound, t.spelling

    for name, rid in (variants.get("former") or {}).items():
        if rid in order:
            t.add(zh, _fold_plain(str(name)), 3, str(rid))

    def ranked(table: dict[str, list[tuple[int, int, str]]]) -> dict[str, str]:
        return {key: " ".join(dict.fromkeys(rid for _, _, rid in sorted(table[key]))) for key in sorted(table)}

    return {
        "version": INDEX_VERSION,
        "order": order,
        "parent": parent,
        "zh": ranked(zh),
        "latin": ranked(latin),
        "province_forms": [[f, p] for f, p in sorted(province_forms.items(), key=lambda fp: (-len(fp[0]), fp[0]))],
        "sound": sound,
        "spelling": spelling,
        "t2s": {str(k): str(v) for k, v in (variants.get("t2s") or {}).items()},
        "pinyin": {str(k): str(v) for k, v in (variants.get("pinyin") or {}).items()},
    }


class _Tables:
    """The tables build_index fills: Chinese and Latin forms (each with its rank and the
    region's order), a province's forms, and each region's sound and spelling."""

    def __init__(self, order: dict[str, int]) -> None:
        self.order = order
        self.zh: dict[str, list[tuple[int, int, str]]] = {}
        self.latin: dict[str, list[tuple[int, int, str]]] = {}
        self.province_forms: dict[str, str] = {}
        self.sound: dict[str, str] = {}
        self.spelling: dict[str, str] = {}

    def add(self, table: dict[str, list[tuple[int, int, str]]], key: str, rank: int, rid: str) -> None:
        if key:
            table.setdefault(key, []).append((rank, self.order[rid], rid))


def _province_forms(t: _Tables, rid: str, full: str, short: str, en: str, aliases: list[str]) -> None:
    """A province's names: Chinese and Latin forms of rank 0, all of them a province's forms."""
    forms = {full, short}
    if full.endswith("自治区"):
        forms |= {full[: -len("自治区")], short + "自治区"}  # 广西壮族, 广西自治区
    forms.update(_fold_plain(a) for a in aliases if _has_cjk(a))
    for form in forms:
        t.add(t.zh, form, 0, rid)
        t.province_forms[form] = rid
    latin_forms = {rid, _latin_key(en)} | {_latin_key(part) for part in en.replace(")", "(").split("(")}
    latin_forms |= {_latin_key(a) for a in aliases if not _has_cjk(a)}
    for form in latin_forms:
        t.add(t.latin, form, 0, rid)
        t.province_forms[form] = rid
    t.spelling[rid] = " ".join(sorted(f for f in latin_forms if f))


def _city_forms(t: _Tables, rid: str, full: str, short: str, en: str, aliases: list[str]) -> None:
    """A city's names: its own (rank 1) and derived Chinese forms (rank 2), and its Latin forms."""
    own = {full, short}
    if full.endswith("自治州"):
        own |= {short + "州", short + "自治州"}
    if full.endswith("自治县"):
        own |= {short + "县", short + "自治县"}
    own.update(_fold_plain(a) for a in aliases if _has_cjk(a))
    # 喀什市 / 日喀则地区 (a seat's or a former name): never a province's name (海南市)
    derived = set() if short in t.province_forms else {short + s for s in ("市", "地区")} - own
    for suffix in ("自治州", "自治县"):
        if full.endswith(suffix):
            derived.add(full[: -len(suffix)])  # 海南藏族, 延边朝鲜族
    for form in own:
        t.add(t.zh, form, 1, rid)
    for form in derived:
        t.add(t.zh, form, 2, rid)
    latin_forms = {rid.rsplit("/", 1)[-1], _latin_key(en)} - {""}
    for form in latin_forms:
        t.add(t.latin, form, 1, rid)
    t.spelling[rid] = " ".join(sorted(latin_forms))


def _fold_plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


# ---------------------------------------------------------------- resolving


def fold(index: Index, text: str) -> str:
    """NFKC (full-width -> half-width), traditional -> simplified, lower case, no spaces."""
    t2s = index["t2s"]
    text = unicodedata.normalize("NFKC", str(text))
    return "".join(t2s.get(ch, ch) for ch in text).strip().lower()


def resolve(index: Index, text: str) -> Match | None:
    """The region `text` names, or None (then `suggest` has the nearest ones)."""
    folded = fold(index, text)
    if not folded:
        return None
    if _has_cjk(folded):
        return _resolve_zh(index, "".join(_words(folded)))
    return _resolve_latin(index, folded)


def _ids(table: Mapping[str, str], form: str) -> list[str]:
    return table.get(form, "").split()


def _hit(ids: list[str], form: str, fallback: bool = False) -> Match:
    return Match(ids[0], fallback, form, tuple(ids[1:]))


def _resolve_zh(index: Index, key: str) -> Match | None:
    ids = _ids(index["zh"], key)
    if ids:
        return _hit(ids, key)
    # province, then a city of it, then anything (河南省郑州市金水区): the parse that
    # recognises the longest beginning wins; a province's parse wins a tie
    best: tuple[int, int, Match | None] = (0, 0, None)
    for form, pid in index["province_forms"]:
        if not key.startswith(form) or not _has_cjk(form):
            continue
        rest = key[len(form) :]
        city = _city_of(index, pid, rest)
        if city:
            return Match(city, False, key)
        prefix, city = _longest_city_prefix(index, pid, rest)
        candidate: tuple[int, int, Match | None]
        if city:
            candidate = (len(form) + len(prefix), 1, Match(city, True, form + prefix))
        elif _conflicts(index, rest, pid) or _sounds_like_city(index, rest, pid):
            candidate = (len(key), 1, None)  # 河南宜昌 / 河南郑洲: ask rather than guess
        else:
            candidate = (len(form), 1, Match(pid, True, form))
        if candidate[:2] > best[:2]:
            best = candidate
    for form in _prefixes(key):
        ids = _ids(index["zh"], form)
        if ids and len(form) >= 2 and (len(form), 0) > best[:2]:
            # 朝阳区 is a district named like the city (Beijing's, Changchun's), not the city
            named_alike = key[len(form) :] in _COUNTY_LEVEL and bool(index["parent"].get(ids[0]))
            best = (len(form), 0, None if named_alike else _hit(ids, form, fallback=True))
    return best[2]


def _prefixes(key: str) -> Iterable[str]:
    """The beginnings of `key`, longest first, none longer than NAME_MAX (a pasted page of
    text costs no more than a name)."""
    return (key[:n] for n in range(min(len(key) - 1, NAME_MAX), 1, -1))


def _city_of(index: Index, pid: str, form: str) -> str:
    """The city of province `pid` named `form` (Chinese or latin), or ""."""
    ids = _ids(index["zh"], form) or _ids(index["latin"], _latin_key(form))
    return next((rid for rid in ids if index["parent"].get(rid) == pid), "")


def _longest_city_prefix(index: Index, pid: str, rest: str) -> tuple[str, str]:
    for form in _prefixes(rest):
        city = _city_of(index, pid, form)
        if city:
            return form, city
    return "", ""


def _conflicts(index: Index, rest: str, pid: str) -> bool:
    """`rest` is exactly a city of another province (河南宜昌)."""
    ids = _ids(index["zh"], rest) or _ids(index["latin"], rest)
    return any(index["parent"].get(rid) not in ("", pid) for rid in ids)


def _sounds_like_city(index: Index, rest: str, pid: str) -> bool:
    target = _strip_trailing(rest)
    readings = _readings(index)
    return any(
        _sound_tier(target, index["sound"][rid], readings) == 0
        for rid, parent in index["parent"].items()
        if parent == pid
    )


def _resolve_latin(index: Index, folded: str) -> Match | None:
    words = [k for k in (_latin_key(w) for w in _words(folded)) if k]
    if not words:
        return None
    key = "".join(words)
    ids = _ids(index["latin"], key)
    if ids:
        return _hit(ids, key)
    plain = "".join(w for w in words if w not in _LATIN_NOISE) or key
    if plain != key and _ids(index["latin"], plain):
        return _hit(_ids(index["latin"], plain), plain)
    # province and city, either way round: henanzhengzhou, "zhengzhou, henan"
    for form, province in index["province_forms"]:
        if len(plain) > len(form) and not _has_cjk(form):
            for city_form in (plain[len(form) :] if plain.startswith(form) else "", plain.removesuffix(form)):
                city = _city_of(index, province, city_form) if city_form != plain else ""
                if city:
                    return Match(city, False, plain)
    # province first, then an unknown rest: a typo of one of its cities asks, anything else falls back
    for head in (words[0], "".join(words[:2])):
        pid = _province_of(index, head)
        if pid is None or head == key:
            continue
        rest = key[len(head) :]
        if _conflicts(index, rest, pid) or _close_latin(index, rest, pid):
            return None
        return Match(pid, True, head)
    return None


def _province_of(index: Index, form: str) -> str | None:
    for f, pid in index["province_forms"]:
        if f == form:
            return pid
    return None


def _close_latin(index: Index, rest: str, pid: str) -> bool:
    import difflib  # the error path only: not at start-up

    return any(
        difflib.SequenceMatcher(None, rest, form).ratio() >= 0.75
        for rid, parent in index["parent"].items()
        if parent == pid
        for form in index["spelling"].get(rid, "").split()
    )


# ---------------------------------------------------------------- suggesting

_READINGS_CACHE: list[tuple[dict[str, str], dict[str, str]]] = []


def _readings(index: Index) -> dict[str, str]:
    """Character -> its usual syllable (built once per index, on the error path only)."""
    table = index["pinyin"]
    for source, readings in _READINGS_CACHE:
        if source is table:
            return readings
    readings = {ch: syllable for syllable, chars in table.items() for ch in chars}
    _READINGS_CACHE[:] = [(table, readings)]
    return readings


# Characters with more than one reading, as people type them into a place name (宜长 for 宜昌).
POLYPHONES = {
    "长": ("chang", "zhang"),
    "重": ("chong", "zhong"),
    "朝": ("chao", "zhao"),
    "乐": ("le", "yue"),
    "都": ("du", "dou"),
    "单": ("dan", "shan"),
    "藏": ("zang", "cang"),
    "厦": ("xia", "sha"),
    "会": ("hui", "kuai"),
    "调": ("diao", "tiao"),
    "传": ("chuan", "zhuan"),
}

_FUZZY = (("zh", "z"), ("ch", "c"), ("sh", "s"))
_FUZZY_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))


def _fuzzy(syllable: str) -> str:
    """Sounds a southern speaker's pinyin keyboard mixes up: zh/z, ch/c, sh/s, n/l, -ng/-n."""
    for a, b in _FUZZY:
        if syllable.startswith(a):
            syllable = b + syllable[len(a) :]
            break
    if syllable.startswith("n"):
        syllable = "l" + syllable[1:]
    for a, b in _FUZZY_FINALS:
        if syllable.endswith(a):
            syllable = syllable[: -len(a)] + b
            break
    return syllable


def _sound_tier(target: str, sound: str, readings: Mapping[str, str]) -> int | None:
    """0: every character the same or read the same (郑洲); 1: one character sounds nearly the
    same and another is the very same (增州 for 郑州, not 廊产 for 南昌); else None."""
    name, *syllables = sound.split()
    if len(target) != len(name) or target == name:
        return None
    if len(syllables) != len(name):
        syllables = [readings.get(ch, "") for ch in name]
    fuzzy = same = 0
    for typed, ch, syllable in zip(target, name, syllables, strict=True):
        if typed == ch:
            same += 1
            continue
        heard = {readings.get(typed, ""), *POLYPHONES.get(typed, ())} - {""}
        if not heard or not syllable:
            return None
        if syllable not in heard:
            if _fuzzy(syllable) not in {_fuzzy(h) for h in heard}:
                return None
            fuzzy += 1
    if fuzzy == 0:
        return 0
    return 1 if fuzzy == 1 and same >= 1 else None


def _strip_trailing(text: str) -> str:
    for suffix in _TRAILING:
        if text.endswith(suffix) and len(text) - len(suffix) >= 2:
            return text[: -len(suffix)]
    return text


def suggest(index: Index, text: str, limit: int = 3) -> list[str]:
    """The nearest region ids to a mistyped `text`, best first (at most `limit`), or []. Only
    the beginning is compared (NAME_MAX characters): a name is short, and the comparison
    grows with the square of the length."""
    folded = fold(index, text)[:NAME_MAX]
    if not folded:
        return []
    if _has_cjk(folded):
        ranked = _suggest_zh(index, "".join(_words(folded)))
    else:
        ranked = _suggest_latin(index, folded)
    return ranked[:limit]


def _suggest_zh(index: Index, key: str) -> list[str]:
    context, rest = "", key
    for form, pid in index["province_forms"]:
        if key.startswith(form) and len(key) > len(form) and _has_cjk(form):
            context, rest = pid, key[len(form) :]
            break
    targets = dict.fromkeys((rest, _strip_trailing(rest)))  # 郑洲市 -> 郑洲, but 河楠郑州 stays whole
    readings = _readings(index)
    scored: list[tuple[int, int, int, int, str]] = []
    for rid, sound in index["sound"].items():
        if context and rid == context:
            continue
        same = 0 if context and index["parent"][rid] == context else 1
        found = [s for s in (_zh_score(t, sound, same, readings) for t in targets) if s is not None]
        if found:
            score = min(found)
            scored.append((score[0], score[1], score[2], index["order"][rid], rid))
    if not scored:
        return []
    scored.sort()
    best = scored[0][:2]
    return [rid for same, tier, _, _, rid in scored if (same, tier) == best]


def _zh_score(target: str, sound: str, same: int, readings: Mapping[str, str]) -> tuple[int, int, int] | None:
    """(same province? 0 : 1, tier, -characters in place) of one candidate, or None when it is not near."""
    name = sound.split(" ", 1)[0]
    equal = sum(a == b for a, b in zip(target, name, strict=False))
    if target == name:
        return (0, -1, -equal)  # 河南宜昌: the city is right, the province is not
    tier = _sound_tier(target, sound, readings)
    if tier is None:
        if len(name) >= 2 and ((name.startswith(target) and len(target) >= 2) or name in target):
            tier = 2  # 石家 -> 石家庄, 河楠郑州 -> 郑州
        elif len(name) >= 4 and len(target) == len(name) and equal == len(name) - 1:
            tier = 3  # one character wrong in a long name: 呼和浩待 (not 张家港 -> 张家口)
        elif same == 0 and len(target) == len(name) and equal >= 1:
            tier = 4  # the province named: a look-alike of one of its own cities
        else:
            return None
    return (same, tier, -equal)


def _suggest_latin(index: Index, folded: str) -> list[str]:
    import difflib  # the error path only: not at start-up

    words = [k for k in (_latin_key(w) for w in _words(folded)) if k and k not in _LATIN_NOISE]
    words = words or [_latin_key(folded)]
    key = "".join(words)
    context = _province_of(index, words[0]) if len(words) > 1 else None
    rest = "".join(words[1:]) if context else key
    scored: list[tuple[int, float, int, str]] = []
    for rid, spelling in index["spelling"].items():
        forms = spelling.split()
        same = 0 if context and index["parent"][rid] == context else 1
        score = max(difflib.SequenceMatcher(None, rest, form).ratio() for form in forms)
        if context and same:  # shanxi/xian: Xi'an is in Shaanxi
            score = max(score, max(difflib.SequenceMatcher(None, key, form).ratio() for form in forms))
        if score >= 0.75:
            scored.append((same, -round(score, 3), index["order"][rid], rid))
    if not scored and context:
        return [context]
    scored.sort()
    if not scored:
        return []
    best_same, best_score = scored[0][0], -scored[0][1]
    return [rid for same, score, _, rid in scored if same == best_same and -score >= best_score - 0.05]
