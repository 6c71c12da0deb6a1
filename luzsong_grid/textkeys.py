"""Search keys derived from names, addresses and numbers.

Pure functions used to fill the local search index (see
:mod:`luzsong_grid.search`): pinyin and initials of a name, the one- and
two-character grams that answer short queries (which SQLite's trigram
tokenizer cannot), and the digits of ID numbers and phones.

Everything is normalised the same way a query is (:func:`normalize`): NFKC,
lower case, and only letters and digits kept, so that punctuation, spaces or
full-width forms never decide whether something is found.

pypinyin's table of characters is loaded on first use only (~0.03 s);
readings are cached per character, so keying 300k names costs well under a
second.
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "address_grams",
    "digits_key",
    "is_cjk",
    "name_grams",
    "normalize",
    "pinyin_keys",
]

# Two-character (compound) surnames, read as surnames.
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "长孙": ("zhang", "sun"),
    "尉迟": ("yu", "chi"),
    "单于": ("chan", "yu"),
    "万俟": ("mo", "qi"),
    "澹台": ("tan", "tai"),
    "欧阳": ("ou", "yang"),
    "司马": ("si", "ma"),
    "上官": ("shang", "guan"),
    "诸葛": ("zhu", "ge"),
    "令狐": ("ling", "hu"),
    "皇甫": ("huang", "fu"),
    "东方": ("dong", "fang"),
    "夏侯": ("xia", "hou"),
    "公孙": ("gong", "sun"),
    "慕容": ("mu", "rong"),
    "宇文": ("yu", "wen"),
    "司徒": ("si", "tu"),
    "司空": ("si", "kong"),
    "呼延": ("hu", "yan"),
    "闻人": ("wen", "ren"),
    "南宫": ("nan", "gong"),
    "西门": ("xi", "men"),
    "百里": ("bai", "li"),
    "鲜于": ("xian", "yu"),
    "轩辕": ("xuan", "yuan"),
    "端木": ("duan", "mu"),
    "申屠": ("shen", "tu"),
    "濮阳": ("pu", "yang"),
    "淳于": ("chun", "yu"),
    "太史": ("tai", "shi"),
    "第五": ("di", "wu"),
}

# Characters whose reading as a surname differs from pypinyin's default
# (or is worth pinning). Applied to the first character of a name only.
SURNAME_READINGS: dict[str, str] = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "乐": "yue",
    "万": "wan",
    "盖": "ge",
    "缪": "miao",
    "覃": "qin",
    "尉": "yu",
    "沈": "shen",
    "翟": "zhai",
    "重": "chong",
    "种": "chong",
    "阚": "kan",
    "薄": "bo",
    "柏": "bai",
    "莘": "shen",
    "谌": "chen",
    "宿": "su",
    "员": "yun",
    "秘": "bi",
    "句": "gou",
    "能": "nai",
    "那": "na",
    "折": "she",
    "繁": "po",
    "隗": "wei",
    "郇": "huan",
    "卜": "bu",
    "藏": "zang",
    "祭": "zhai",
    "令": "ling",
    "召": "shao",
    "车": "che",
    "贾": "jia",
    "华": "hua",
    "任": "ren",
    "燕": "yan",
    "纪": "ji",
    "晟": "cheng",
    "冼": "xian",
    "洗": "xian",
    "黑": "he",
    "石": "shi",
    "传": "chuan",
    "都": "du",
    "佴": "nai",
    "逄": "pang",
    "眭": "sui",
    "粘": "nian",
    "蔺": "lin",
    "朝": "chao",
    "瞿": "qu",
    "哈": "ha",
    "於": "yu",
    "雍": "yong",
    "厍": "she",
    "钭": "tou",
    "臧": "zang",
    "过": "guo",
    "占": "zhan",
    "羊": "yang",
}


def is_cjk(ch: str) -> bool:
    """A CJK ideograph (unified, extension A-H, compatibility) or 〇."""
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x3134F
        or 0xF900 <= cp <= 0xFAFF
        or cp == 0x3007
    )


def normalize(text: str) -> str:
    """NFKC, lower case, and only letters and digits (CJK included) kept.

    The same normalisation is applied to stored keys and to queries.
    """
    folded = unicodedata.normalize("NFKC", text).lower()
    if folded.isalnum():  # the usual case: nothing to drop
        return folded
    return "".join(ch for ch in folded if ch.isalnum())


_readings: dict[int, str] | None = None
_char_cache: dict[str, str] = {}


def _load_readings() -> dict[int, str]:
    """pypinyin's table of single characters (code point → "zhāng,cháng"),
    loaded from its module file alone: importing the package loads its
    phrase dictionary and segmenter too (five times slower to load), and a
    name is read character by character anyway."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("pypinyin")
    origin = spec.origin if spec is not None else None
    if origin is not None:
        table = Path(origin).with_name("pinyin_dict.py")
        loader = importlib.util.spec_from_file_location("_luzsong_pinyin_dict", table)
        if loader is not None and loader.loader is not None and table.exists():
            module = importlib.util.module_from_spec(loader)
            loader.loader.exec_module(module)
            found: dict[int, str] = module.pinyin_dict
            return found
    from pypinyin.pinyin_dict import pinyin_dict  # pragma: no cover - a zipped install

    return dict(pinyin_dict)  # pragma: no cover


def _reading(ch: str) -> str:
    """The default toneless pinyin of one character ('' if it has none): the
    first reading of pypinyin's table without its tone marks, ü as v, as
    ``lazy_pinyin(ch, style=Style.NORMAL)`` gives it."""
    cached = _char_cache.get(ch)
    if cached is not None:
        return cached
    if "a" <= ch <= "z":
        reading = ch
    elif is_cjk(ch):
        global _readings
        if _readings is None:
            _readings = _load_readings()
        marked = _readings.get(ord(ch), "").split(",")[0]
        plain = unicodedata.normalize("NFD", marked).replace("u\u0308", "v").lower()
        reading = "".join(c for c in plain if "a" <= c <= "z")
    else:
        reading = ""  # digits, other scripts: no pinyin
    _char_cache[ch] = reading
    return reading


def pinyin_keys(name: str) -> tuple[str, str]:
    """(full pinyin without tones or spaces, initials) of a person's name.

    ``张三丰`` → ``("zhangsanfeng", "zsf")``. The first character (or a
    compound surname) is read as a surname (``曾`` → zeng, ``单`` → shan).
    ASCII letters are kept (lower case), each one its own "syllable";
    other characters without a reading are skipped.
    """
    return pinyin_of_normalized(normalize(name))


def pinyin_of_normalized(text: str) -> tuple[str, str]:
    """:func:`pinyin_keys` of a name already normalised (:func:`normalize`)."""
    if not text:
        return "", ""
    syllables: list[str] = []
    rest = text
    compound = COMPOUND_SURNAMES.get(text[:2])
    if compound is not None:
        syllables.extend(compound)
        rest = text[2:]
    elif text[0] in SURNAME_READINGS:
        syllables.append(SURNAME_READINGS[text[0]])
        rest = text[1:]
    cache = _char_cache
    for ch in rest:
        reading = cache.get(ch)
        if reading is None:
            reading = _reading(ch)
        if reading:
            syllables.append(reading)
    return "".join(syllables), "".join(s[0] for s in syllables)


def name_grams(text: str) -> list[str]:
    """Each character of a name and each adjacent pair, in reading order.

    ``张三丰`` → ``["张", "张三", "三", "三丰", "丰"]``: the first token is
    the first character and the second the first pair, so a phrase query
    ``^"张 张三"`` finds names that start with 张三. Works on the normalised
    name (letters and digits other than CJK are kept too).
    """
    return grams_of_normalized(normalize(text))


def grams_of_normalized(chars: str) -> list[str]:
    """:func:`name_grams` of a name already normalised."""
    grams: list[str] = []
    append = grams.append
    last = len(chars) - 1
    for i, ch in enumerate(chars):
        append(ch)
        if i < last:
            append(chars[i : i + 2])
    return grams


def address_grams(text: str) -> list[str]:
    """Adjacent pairs of letters/digits/CJK in an address (no singles), each once.

    ``桂花路12号`` → ``["桂花", "花路", "路1", "12", "2号"]``.
    """
    chars = normalize(text)
    return list(dict.fromkeys([chars[i : i + 2] for i in range(len(chars) - 1)]))


def _id_digits(id_number: str) -> str:
    if id_number.isdigit() and id_number.isascii():
        return id_number
    text = unicodedata.normalize("NFKC", id_number).lower()
    if text[:-1].isdigit() and text[-1:] == "x" and text.isascii():
        return text
    return "".join(ch for ch in text if ("0" <= ch <= "9") or ch == "x")


def _phone_digits(phone: str) -> str:
    if phone.isdigit() and phone.isascii():
        return phone
    text = unicodedata.normalize("NFKC", phone)
    return "".join(ch for ch in text if "0" <= ch <= "9")


def digits_key(id_number: str, phone: str) -> str:
    """The digits of an ID number (its check letter as ``x``) and of a phone,
    separated by a space so that no match spans both.

    ``digits_key("43020319900101001X", "138-0013-8000")`` →
    ``"43020319900101001x 13800138000"``.
    """
    id_part = _id_digits(id_number) if id_number else ""
    phone_part = _phone_digits(phone) if phone else ""
    if id_part and phone_part:
        return f"{id_part} {phone_part}"
    return id_part or phone_part
