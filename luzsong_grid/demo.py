"""Demo data: a plausible 芦淞区 (Lusong District) with a year of grid work.

:func:`generate` fills a new database with the district's territory, the
accounts that work in it, households and residents with tags, and a year of
visits, services, disputes and events up to ``today``, so that screens,
reports and search can be tried at realistic volumes. The yearly numbers of
services (about 11,000), disputes (about 600) and events (about 400) are the
district's, from the seed article, whatever the number of residents; visits
follow the residents and their tags.

What is real and what is invented:

* The 8 streets/town and their codes are real (DOMAIN.md §1). The community
  names DOMAIN.md lists (建设街道's seven, 白关社区, 大岭村, 旭日村) are real;
  their 12-digit committee codes are assigned here in order (communities
  from 001, villages from 200), not looked up. Every other community and
  village, and every grid, is invented: those rows carry ``demo = 1``.
* Residents (valid ID numbers of made-up people), phones, addresses, tags
  and every work record are invented.

Everything is deterministic: one ``random.Random(seed)`` draws it all, ids are
:func:`~luzsong_grid.ids.uuid7_seeded` at the record's own time (territory
rows get the name-based :func:`~luzsong_grid.ids.reference_id`, like other
reference rows), HLC stamps use the node ``demo``. Record times are local
(Beijing) time; work stops at 08:00 on ``today``. Demo rows are the
office's baseline: no outbox rows, and one audit row (action ``demo``, the
summary as its changes), the only row that records when the run happened.

Speed (300,000 residents in well under a minute): rows are built as tuples in
tight loops from pre-built tables and written with ``executemany`` on a raw
connection, in one transaction. For this load only: ``synchronous=OFF``, the
rollback journal in memory instead of the WAL, no foreign-key lookups (the
rows are consistent by construction; ``tests/test_demo.py`` checks them), and
the big tables' secondary indexes dropped and rebuilt once at the end.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from luzsong_grid.catalog import Catalogs, EventItem, load_catalogs
from luzsong_grid.domain import workflow
from luzsong_grid.domain.validation import make_resident_id
from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError, translate
from luzsong_grid.ids import reference_id, uuid7_seeded
from luzsong_grid.store.db import connect_raw, open_store

__all__ = ["DEMO_PASSWORD", "NAMED_ACCOUNTS", "DemoSummary", "generate", "make_demo"]

Row = tuple[Any, ...]
_T = TypeVar("_T")

NODE = "demo"
DEMO_PASSWORD = "demo1234"
# The accounts the README names: username → (role, scope code).
NAMED_ACCOUNTS: dict[str, tuple[str, str]] = {
    "worker": ("worker", ""),  # assigned to FIRST_GRID
    "staff": ("staff", "430203002001"),  # 建设街道学堂冲社区
    "supervisor": ("supervisor", "430203002"),  # 建设街道
    "district": ("supervisor", ""),
    "admin": ("admin", ""),
}
FIRST_GRID = "430203002001001"  # 学堂冲社区第1网格
FOLLOWUP_AFTER_DAYS = 30  # as store.services schedules a dispute's 回访
CHUNK = 50_000  # rows buffered per table before executemany

MSG_NOT_EMPTY = QT_TRANSLATE_NOOP(
    "core",
    "This database already holds data (households, territory or accounts). "
    "Demo data can only be generated into a new, empty database: {path}",
)
MSG_TERRITORY = QT_TRANSLATE_NOOP("core", "Creating the territory and accounts…")
MSG_PEOPLE = QT_TRANSLATE_NOOP("core", "Creating households and residents: {done} of {total}…")
MSG_VISITS = QT_TRANSLATE_NOOP("core", "Creating a year of visits…")
MSG_WORK = QT_TRANSLATE_NOOP("core", "Creating services, disputes and events…")
MSG_SEARCH = QT_TRANSLATE_NOOP("core", "Building the search index…")
MSG_DONE = QT_TRANSLATE_NOOP(
    "core", "Demo data ready: {households} households, {persons} residents."
)


@dataclass
class DemoSummary:
    """How many rows :func:`generate` wrote (``services`` sums the tallies' counts)."""

    streets: int = 0
    communities: int = 0
    grids: int = 0
    accounts: int = 0
    households: int = 0
    persons: int = 0
    person_tags: int = 0
    household_tags: int = 0
    visits: int = 0
    service_rows: int = 0
    services: int = 0
    disputes: int = 0
    dispute_parties: int = 0
    dispute_steps: int = 0
    dispute_followups: int = 0
    events: int = 0
    event_steps: int = 0
    search_docs: int = 0


def _split(text: str, sep: str = "|") -> tuple[str, ...]:
    return tuple(text.split(sep))


# --------------------------------------------------------------------------
# Territory
# --------------------------------------------------------------------------

# code, name, name_en, kind (all real: DOMAIN.md §1)
STREETS: tuple[tuple[str, str, str, str], ...] = (
    ("430203001", "贺家土街道", "Hejiatu Subdistrict", "street"),
    ("430203002", "建设街道", "Jianshe Subdistrict", "street"),
    ("430203003", "建宁街道", "Jianning Subdistrict", "street"),
    ("430203004", "董家塅街道", "Dongjiaduan Subdistrict", "street"),
    ("430203005", "庆云街道", "Qingyun Subdistrict", "street"),
    ("430203006", "枫溪街道", "Fengxi Subdistrict", "street"),
    ("430203007", "龙泉街道", "Longquan Subdistrict", "street"),
    ("430203100", "白关镇", "Baiguan Town", "town"),
)

# Per street, "stem pinyin grids" for each community (社区), then after "|"
# each village (村). A leading "*" marks a real name (DOMAIN.md); the rest are
# invented. Bigger communities get more grids: 288 in all.
_COMMUNITY_SPEC: dict[str, str] = {
    "430203001": "贺家土 Hejiatu 5, 铁路 Tielu 4, 滨江 Binjiang 4, 新华 Xinhua 4, "
    "石子岭 Shiziling 3, 红港 Honggang 4, 茶园 Chayuan 3, 湘水 Xiangshui 3, 金钩 Jingou 4",
    "430203002": "*学堂冲 Xuetangchong 5, *公园 Gongyuan 4, *桥头 Qiaotou 4, "
    "*何家坳 Hejia'ao 4, *沿河 Yanhe 4, *操坪 Caoping 4, *钟鼓岭 Zhongguling 4",
    "430203003": "建宁 Jianning 5, 人民 Renmin 4, 八达 Bada 4, 青年 Qingnian 4, "
    "解放 Jiefang 3, 文化 Wenhua 4, 群力 Qunli 3, 红旗 Hongqi 3",
    "430203004": "董家塅 Dongjiaduan 5, 高科 Gaoke 4, 航空 Hangkong 4, 车站 Chezhan 4, "
    "南方 Nanfang 4, 湘园 Xiangyuan 3, 东风 Dongfeng 4, 黄陂 Huangpi 3, 新源 Xinyuan 3, "
    "五里墩 Wulidun 3",
    "430203005": "庆云 Qingyun 5, 南华 Nanhua 4, 服饰 Fushi 4, 金城 Jincheng 4, "
    "龙腾 Longteng 3, 建材 Jiancai 4, 白石 Baishi 3, 芦花 Luhua 3",
    "430203006": "枫溪 Fengxi 5, 溪湾 Xiwan 4, 杉塘 Shantang 3, 晨光 Chenguang 4, "
    "汇丰 Huifeng 4, 东湖 Donghu 4, 桂花 Guihua 3, 明珠 Mingzhu 4, 新桥 Xinqiao 3",
    "430203007": "龙泉 Longquan 5, 泉水 Quanshui 4, 曙光 Shuguang 4, 金山 Jinshan 4, "
    "兴隆 Xinglong 3, 沿江 Yanjiang 4, 荷花 Hehua 3, 玉龙 Yulong 3",
    "430203100": "*白关 Baiguan 4 | *大岭 Daling 3, *旭日 Xuri 3, 长塘 Changtang 3, "
    "杉树 Shanshu 3, 梅林 Meilin 3, 石塘 Shitang 3, 枫林 Fenglin 3, 金竹 Jinzhu 3, "
    "樟树 Zhangshu 3, 荷叶 Heye 3, 黄泥 Huangni 3, 新塘 Xintang 3, 松山 Songshan 3, "
    "竹园 Zhuyuan 3, 花桥 Huaqiao 3, 龙潭 Longtan 3, 清水 Qingshui 3, 桃源 Taoyuan 3, "
    "石门 Shimen 3, 泉塘 Quantang 3",
}

# Road names per street (plausible, for addresses and places).
_ROADS: dict[str, tuple[str, ...]] = {
    "430203001": _split("新华西路|贺家土路|滨江南路|红港路|石宋路|铁东路"),
    "430203002": _split("建设中路|建设南路|车站路|沿河路|钟鼓岭路|何家坳路"),
    "430203003": _split("人民南路|八达路|解放街|文化路|青年路|建宁路"),
    "430203004": _split("董家塅大道|航空路|南方路|高科园路|湘园路|五里墩路"),
    "430203005": _split("庆云路|芦淞路|服饰大道|南华路|金城路|建材路"),
    "430203006": _split("枫溪大道|桂花路|东湖路|新桥路|晨光路|明珠路"),
    "430203007": _split("龙泉路|曙光路|金山路|兴隆路|沿江南路|玉龙路"),
    "430203100": _split("白关大道|白关街|新市路|长塘路"),
}
_ESTATE_SUFFIXES = _split("小区|花园|家园|新村|公寓|苑|雅园|佳苑")
_ESTATE_PREFIXES = _split("锦绣|金色|阳光|馨园|康居|湘江|御景|兴业|华庭|翠苑")


@dataclass(frozen=True)
class Community:
    code: str
    street: str
    name: str
    name_en: str
    stem: str
    village: bool
    real: bool
    grids: int


def _communities() -> tuple[Community, ...]:
    out: list[Community] = []
    for street, spec in _COMMUNITY_SPEC.items():
        communities, _, villages = spec.partition("|")
        for village, part in ((False, communities), (True, villages)):
            serial = 200 if village else 1
            for entry in filter(None, (e.strip() for e in part.split(","))):
                stem, pinyin, grids = entry.split(" ")
                suffix, suffix_en = ("村", "Village") if village else ("社区", "Community")
                out.append(
                    Community(
                        code=f"{street}{serial:03d}",
                        street=street,
                        name=stem.lstrip("*") + suffix,
                        name_en=f"{pinyin} {suffix_en}",
                        stem=stem.lstrip("*"),
                        village=village,
                        real=stem.startswith("*"),
                        grids=int(grids),
                    )
                )
                serial += 1
    return tuple(out)


COMMUNITIES = _communities()

# --------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤"
)
_HUNAN_COMMON = "刘李陈彭谭唐罗周邓曾肖"  # more frequent in Hunan than nationally

# Given names by era (born before 1965, 1965-1994, from 1995) and gender:
# one-character names, two-character names, first and second characters to combine.
_GIVEN: dict[tuple[int, str], tuple[str, tuple[str, ...], str, str]] = {
    (0, "M"): (
        "明华林福军生强平忠荣才贵山",
        _split(
            "建国|德明|国华|志强|长生|福生|玉林|金生|春生|桂林|德华|建华|国庆|正华|家福|振华|"
            "树林|友良|新民|跃进"
        ),
        "德国长福金春桂正家振玉树友新",
        "明华生林庆福荣发山清才贵良民",
    ),
    (0, "F"): (
        "英兰珍梅秀凤华芳娥莲",
        _split(
            "秀英|桂英|玉兰|桂兰|秀兰|淑珍|凤英|玉梅|冬梅|春兰|桂香|翠兰|秀珍|兰英|菊香|玉珍|"
            "金莲|桂芝|满秀|美华"
        ),
        "秀桂玉淑凤冬春翠兰菊金满",
        "英兰珍梅香娥莲芝凤花秀华",
    ),
    (1, "M"): (
        "伟磊军勇杰涛斌强鹏辉波峰刚超健亮飞平",
        _split(
            "建军|志勇|海涛|晓东|文斌|俊杰|建平|小龙|立新|卫东|国平|红兵|志刚|建辉|永红|海波|"
            "明亮|利民|湘平|建湘"
        ),
        "建志国海文晓俊小立卫新永明红春德家振宏云湘",
        "军勇涛平东华斌杰龙明强峰林波辉伟刚彬兵",
    ),
    (1, "F"): (
        "芳娟敏静丽艳燕霞红玲萍琳英琴莉",
        _split(
            "丽娟|晓燕|海燕|艳红|小红|丽华|美玲|春燕|雪梅|红霞|建英|湘萍|丽萍|小琴|桂芳|爱华|"
            "金凤|丽君|慧敏|玉洁"
        ),
        "丽晓海艳小美春雪秀红金玉桂爱慧湘",
        "娟燕红华玲梅霞萍芳英琴丽敏莉君洁",
    ),
    (2, "M"): (
        "浩宇轩杰博鑫磊睿涛凯晨",
        _split(
            "子轩|浩然|宇轩|梓豪|俊熙|浩宇|一鸣|宇航|志豪|锦程|天佑|皓轩|博文|睿哲|思远|子墨|"
            "嘉豪|俊宇|明轩|泽宇"
        ),
        "子浩宇梓俊一志锦天皓博思嘉文明泽",
        "轩然豪熙宇鸣航程佑文睿杰涵阳泽辰",
    ),
    (2, "F"): (
        "琪悦萱怡颖婷欣瑶妍",
        _split(
            "欣怡|梓涵|诗涵|雨桐|一诺|子萱|可欣|佳怡|思琪|雨欣|梓萱|婉清|若曦|语桐|紫涵|心怡|"
            "诗琪|佳琪|梦瑶|静怡"
        ),
        "欣梓诗雨一子可佳思语若婉紫心梦",
        "怡涵桐诺萱欣琪瑶曦清妍彤晴悦",
    ),
}

# ethnicity and weight (Hunan: mostly Han, some Tujia, Miao, Dong, Yao)
_ETHNICITIES = (
    ("汉族", 960),
    ("土家族", 12),
    ("苗族", 9),
    ("侗族", 6),
    ("瑶族", 6),
    ("回族", 4),
    ("壮族", 3),
)
_ZHUZHOU_AREAS = _split("430202 430204 430211 430221 430223 430281", " ")
_HUNAN_AREAS = _split(
    "430102 430105 430111 430121 430302 430321 430381 430421 430426 430521 430524 430602 "
    "430626 430702 430723 430921 431021 431121 431224 433101",
    " ",
)
_MOBILE_PREFIXES = _split(
    "130 131 132 133 134 135 136 137 138 139 135 138 139 150 151 152 153 155 156 157 158 159 "
    "166 173 175 176 177 178 180 181 182 183 185 186 187 188 189 191 193 195 198 199 147",
    " ",
)
# Ages of people aged 60+: (low, high), weight
_OLD_AGES = (
    ((60, 64), 30),
    ((65, 69), 25),
    ((70, 74), 18),
    ((75, 79), 12),
    ((80, 84), 8),
    ((85, 89), 5),
    ((90, 99), 2),
)
# Household kinds and weights: the mix gives a mean size near 2.6 and an
# ageing urban population (60+ about a quarter, 80+ a few percent).
_HOUSEHOLD_KINDS = (
    ("single_young", 7),
    ("single_mid", 5),
    ("single_old", 10),
    ("couple_young", 5),
    ("couple_mid", 7),
    ("couple_old", 13),
    ("single_parent", 4),
    ("nuclear1", 17),
    ("nuclear2", 10),
    ("with_grandparent", 7),
    ("three_gen5", 6),
    ("three_gen6", 2.5),
    ("left_behind", 1.5),
    ("old_with_child", 4),
)
_RELATIONS = _split(
    "head spouse son daughter father mother grandson granddaughter daughter_in_law "
    "son_in_law sibling other",
    " ",
)
_RISK_LEVELS = ((0, 55), (1, 25), (2, 12), (3, 5), (4, 2), (5, 1))
_WANDER_DIAGNOSES = _split("阿尔茨海默病|血管性痴呆|认知障碍|智力残疾|帕金森病伴认知障碍")

# --------------------------------------------------------------------------
# Texts and mixes of work records
# --------------------------------------------------------------------------

_COMPANIONS = _split("社区民警|楼栋长|社区干部|志愿者|社区医生|社区专干|驻村干部")
_VISIT_NOTES: dict[str, tuple[str, ...]] = {
    "ordinary": _split(
        "家中一切正常|了解家庭近况，无特殊情况|宣传防范电信诈骗知识|宣传消防安全知识|"
        "核实家庭人口信息|宣传城乡居民医保缴费政策|住户外出，电话联系确认无异常|"
        "发放便民服务联系卡|宣传垃圾分类知识|核对房屋及租住信息"
    ),
    "elderly": _split(
        "老人身体状况良好，精神尚可|提醒按时服药，注意防滑防跌倒|帮助联系子女，告知老人近况|"
        "检查燃气及用电安全|询问生活需求，无特殊困难|为老人测量血压，情况稳定|"
        "协助老人预约社区医生上门|天气转冷，提醒老人注意保暖"
    ),
    "key": _split(
        "本人在家，表现稳定|按规定报告近期情况|思想稳定，无异常行为|"
        "了解就业情况，鼓励其积极就业|与家属沟通，家庭关系和睦|核实居住地址未变更"
    ),
    "health": _split(
        "按时服药，情绪稳定|与监护人沟通，服药情况正常|提醒按时复诊|"
        "病情稳定，监护人落实看护责任|协助申请免费服药政策"
    ),
    "welfare": _split(
        "了解家庭收支情况，救助金按时到账|询问康复需求，协助联系康复机构|"
        "宣传残疾人两项补贴政策|家庭生活基本稳定|协助整理救助申请材料"
    ),
    "children": _split(
        "孩子学习生活正常，祖辈照料到位|与监护人沟通孩子在校情况|提醒注意防溺水安全|"
        "联系父母视频通话，告知孩子近况|孩子身体健康，情绪稳定"
    ),
}
# The visit-notes group of the tag that sets a household's visit interval.
_NOTES_GROUP = {
    "five_guarantee": "welfare",
    "low_income": "welfare",
    "poverty_monitoring": "welfare",
    "disabled": "welfare",
    "hardship_family": "welfare",
    "empty_nest_elderly": "elderly",
    "living_alone_elderly": "elderly",
    "oldest_old": "elderly",
    "special_family_planning": "elderly",
    "prone_to_wander": "elderly",
    "left_behind_child": "children",
    "child_in_distress": "children",
    "community_correction": "key",
    "released_prisoner": "key",
    "drug_user": "key",
    "key_petitioner": "key",
    "severe_mental_disorder": "health",
}
# A visit's finding: index of its found_* flag (VISIT_FLAGS order), weight,
# what was found, what was done. Flags 0-5 need a follow-up within a week.
_FINDINGS: tuple[tuple[tuple[int, tuple[str, ...], tuple[str, ...]], float], ...] = (
    ((0, _split("反映生活困难，需协助申请救助|反映老人行动不便，需要助餐服务"),
      _split("登记需求，报社区跟进|协助联系社区食堂助餐")), 30),
    ((1, _split("楼道堆放杂物，存在安全隐患|阳台护栏松动|家中燃气软管老化"),
      _split("当场劝导清理|提醒及时更换，已告知物业")), 10),
    ((2, _split("电动车在楼道内充电|私拉乱接电线"),
      _split("当场劝导整改，宣传消防知识|已上报社区督促整改")), 10),
    ((3, _split("屋前生活垃圾堆积|下水道堵塞，污水外溢"),
      _split("联系环卫清理|已报物业疏通")), 8),
    ((4, _split("与邻居因噪音问题发生争执|家庭成员因赡养问题有矛盾"),
      _split("当场劝解，约定调解|报社区调委会跟进")), 7),
    ((5, _split("希望协助办理医保报销|反映小区路灯损坏|咨询高龄津贴办理"),
      _split("登记诉求，跟进办理|已报相关部门")), 20),
    ((6, _split("建议增设健身器材|建议小区加装电梯"), _split("记录意见，向社区反映")), 15),
)  # fmt: skip
_FOLLOWUP_NOTES = _split("跟进上次走访发现的问题，已整改|回访确认问题已解决|跟进诉求办理进度")

_DISPUTE_TYPES: dict[str, tuple[float, tuple[str, ...]]] = {
    # MoJ type: weight (neighbours and property management the most common), reasons
    "neighbour": (24, _split(
        "因楼上卫生间漏水渗至楼下|因装修噪音扰民|因公共楼道堆放杂物|因宠物狗吠扰民|"
        "因空调外机噪音和滴水|因相邻排水沟堵塞|因占用公共停车位")),
    "property_management": (20, _split(
        "因物业费收缴标准|因电梯长期故障未维修|因小区停车管理收费|因专项维修资金使用|"
        "因小区绿化和卫生管理|因地下室渗水维修")),
    "marriage_family": (16, _split(
        "因赡养老人费用分担|因离婚财产分割|因子女抚养问题|因家庭琐事长期不和|因房屋继承")),
    "housing_homestead": (6, _split(
        "因宅基地界址|因房屋租赁押金退还|因建房遮挡采光|因房屋买卖过户")),
    "contract": (4, _split("因装修工程款结算|因借款到期未还|因租赁合同提前解约|因货款拖欠")),
    "business": (2, _split("因合伙经营利润分配|因门面转让费|因摊位经营范围")),
    "damages": (5, _split("因高空坠物砸坏车辆|因犬只咬伤|因漏水损坏家具家电|因施工损坏房屋")),
    "forest_land": (1, _split("因山林权属界址|因承包地边界|因责任田灌溉用水")),
    "land_acquisition": (2, _split("因征地补偿款分配|因拆迁安置面积认定|因青苗补偿标准")),
    "environmental": (2, _split("因餐饮油烟扰民|因夜间施工噪音|因养殖异味")),
    "labour": (4, _split("因拖欠工资|因工伤赔偿|因解除劳动合同经济补偿|因社保缴纳")),
    "consumer": (3, _split("因购买商品质量问题退换|因预付卡退费|因家电维修收费")),
    "medical": (1, _split("因诊所治疗效果|因药店售药")),
    "traffic_accident": (3, _split("因电动车与行人碰撞|因小区内车辆剐蹭|因非机动车相撞")),
    "other": (7, _split("因广场舞场地使用|因红白喜事占道|因快递丢失赔偿")),
}  # fmt: skip
_RURAL_TYPES = frozenset({"forest_land", "housing_homestead", "land_acquisition"})
_AMOUNT_TYPES = frozenset(
    {
        "contract",
        "business",
        "damages",
        "labour",
        "consumer",
        "medical",
        "traffic_accident",
        "land_acquisition",
        "housing_homestead",
    }
)
_COMPANY_SHARE = 0.8  # of those types, how often the respondent is a company
_GROUP_TYPES = frozenset({"property_management", "land_acquisition", "labour"})
_COMPANIES: dict[str, tuple[str, ...]] = {
    "property_management": ("株洲市{}物业管理有限公司", "株洲{}物业服务有限公司"),
    "labour": ("株洲{}服饰有限公司", "芦淞区{}服装厂", "株洲{}商贸有限公司"),
    "consumer": ("{}家电商行", "{}装饰工程有限公司"),
}
_COMPANY_WORDS = _split("恒达|金城|万家|鑫源|华景|宏盛|安居|美佳|锦绣|欧雅|新潮")
_SOURCE_WEIGHTS = {"proactive": 55, "party_application": 35, "referral": 10}
_METHOD_WEIGHTS = {
    "face_to_face": 35,
    "on_site": 25,
    "separate": 15,
    "joint": 12,
    "remote": 8,
    "court_linked": 5,
}
_MEASURES = _split(
    "网格员上门了解情况，社区调委会组织双方面对面调解|分别做双方思想工作，背靠背调解|"
    "联合派出所、物业公司共同调解|邀请村（居）法律顾问释法说理|组织双方到社区调解室协商"
)
_REFER_TO = _split("辖区派出所|区法院诉调对接中心|区人社局劳动监察大队|街道司法所|区信访局")
_SATISFACTION = (("satisfied", 80), ("basically", 17), ("unsatisfied", 3))
_DISPUTE_FOLLOWUP_NOTES = _split(
    "协议已履行，双方关系缓和|双方按约定履行，无反复|电话回访，当事人表示满意|上门回访，矛盾已化解"
)

_EVENT_CATEGORY_WEIGHTS = {
    "dispute": 10,
    "public_security": 10,
    "fire_safety": 15,
    "city_management": 30,
    "environment": 10,
    "public_service": 15,
    "special_population": 3,
    "other": 7,
}
_EVENT_TEXTS = (
    "网格员巡查发现{place}存在“{item}”问题，已现场拍照登记，请相关部门处置。",
    "居民反映{place}{item}，经网格员现场核实属实。",
    "{place}发现{item}，网格员已劝导，需部门进一步处理。",
)
_EVENT_CHAIN = ("accepted", "dispatched", "signed", "handled", "feedback", "verified", "closed")
# when each move happens, as a share of the time from reporting to closing
_EVENT_FRACTIONS = (0.06, 0.12, 0.2, 0.6, 0.8, 0.92, 1.0)

_SERVICE_WEIGHTS = {
    "social_medical_insurance": 22,
    "elderly_allowance": 8,
    "disability_certificate": 3,
    "assistance_application": 5,
    "certificate": 15,
    "policy_consultation": 20,
    "payment_purchase": 8,
    "medical_meal_aid": 9,
    "legal_consultation": 4,
    "other": 6,
}
_SERVICE_NOTES = ("", "", "", "", "上门代办", "电话咨询后代办", "协助线上办理")
_SERVICE_COUNTS = ((1, 88), (2, 8), (3, 3), (5, 1))

_EPOCH_ORD = date(1970, 1, 1).toordinal()
_TZ_SECONDS = 8 * 3600  # record times are Beijing local time
_DAY_START = 8 * 3600 + 1800  # working hours for visits and services: 8:30-17:30
_DAY_LENGTH = 9 * 3600


def _weighted(items: Sequence[tuple[_T, float]], scale: float = 1) -> list[_T]:
    """A lookup table for weighted draws: ``table[int(random() * len(table))]``."""
    table: list[_T] = []
    for item, weight in items:
        table.extend([item] * max(1, round(weight * scale)))
    return table


_OLD_AGE_TABLE = _weighted(_OLD_AGES)


class _Writer:
    """Buffered ``executemany`` inserts, counted per table."""

    SYNCED = ("id", "version", "hlc", "field_hlc", "deleted", "created_at", "updated_at")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.sql: dict[str, str] = {}
        self.rows: dict[str, list[Row]] = {}
        self.count: dict[str, int] = {}

    def table(self, name: str, columns: str) -> list[Row]:
        """The buffer of a synced table; ``columns`` after the synced ones."""
        cols = [*self.SYNCED, *(c.strip() for c in columns.split(","))]
        marks = ", ".join("?" for _ in cols)
        self.sql[name] = f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({marks})"
        self.rows[name] = []
        self.count[name] = 0
        return self.rows[name]

    def flush(self, *names: str) -> None:
        for name in names or tuple(self.rows):
            rows = self.rows[name]
            if rows:
                self.conn.executemany(self.sql[name], rows)
                self.count[name] += len(rows)
                rows.clear()


class _Gen:
    """One generation run. Every random draw comes from ``self.rng``, in a
    fixed order, so a seed and a day always give the same rows.

    Times are integers: seconds since the start of proleptic day 0
    (``ordinal * 86400 + seconds into the day``), local time.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        rng: random.Random,
        today: date,
        cats: Catalogs,
        say: Callable[[str], None],
    ) -> None:
        self.rng = rng
        self.today = today
        self.cats = cats
        self.say = say
        self.w = _Writer(conn)
        self.today_ord = today.toordinal()
        self.end_ord = self.today_ord - 1  # the last day with records
        self.start_ord = self.today_ord - 364  # the year of work: the 364 days before today
        self.now_t = self.today_ord * 86400 + 8 * 3600  # work stops at 08:00 today
        self.base_ord = self.today_ord - 110 * 366
        self.day_str = [
            date.fromordinal(o).isoformat() for o in range(self.base_ord, self.today_ord + 1200)
        ]
        self.tod = [
            f" {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.000000" for s in range(86400)
        ]

        def codes(table: str) -> set[str]:
            return {str(r[0]) for r in conn.execute(f"SELECT code FROM {table} WHERE deleted = 0")}

        tags = codes("tag")
        self.applies = {t.code: t.applies_to for t in cats.tags if t.code in tags}
        self.tag_group = {t.code: t.group for t in cats.tags}
        departments = codes("department")
        categories = codes("event_category")
        items = codes("event_item")
        self.event_items: dict[str, list[EventItem]] = {}
        for item in cats.event_items:
            if (
                item.code in items
                and item.department in departments
                and item.category in categories
            ):
                self.event_items.setdefault(item.category, []).append(item)
        relations = {r.code for r in cats.relations}
        fallback = "other" if "other" in relations else ""
        self.rel = {c: c if c in relations else fallback for c in _RELATIONS}
        self.interval_cache: dict[tuple[str, int | None, int | None], int | None] = {}

        weights = [
            (s, (1.6 if s in _HUNAN_COMMON else 1.0) / (i + 1) ** 0.9)
            for i, s in enumerate(_SURNAMES)
        ]
        self.surnames = _weighted(weights, 400)
        self.used_ids: set[str] = set()

        # filled as we go
        self.summary = DemoSummary()
        self.grids: list[str] = []
        self.grid_comm: list[Community] = []
        self.grid_weight: list[float] = []
        self.grid_pick: list[int] = []
        self.grid_worker: list[str] = []
        self.comm_staff: dict[str, tuple[str, str]] = {}  # community code → (id, name)
        self.district_id = ""
        self.grid_households: list[list[int]] = []
        self.grid_adults: list[list[int]] = []
        self.h_id: list[str] = []
        self.h_grid: list[int] = []
        self.h_first: list[int] = []
        self.h_size: list[int] = []
        self.h_address: list[str] = []
        # visit plan: interval in days, person named (one key person) or None,
        # visit kind, visit-notes group
        self.h_plan: list[tuple[int, str | None, str, str]] = []
        self.p_id: list[str] = []
        self.p_name: list[str] = []
        self.p_idno: list[str] = []
        self.p_phone: list[str] = []

    # -- helpers --------------------------------------------------------------

    def ts(self, t: int) -> str:
        """``t`` as the text SQLAlchemy stores for a DateTime."""
        return self.day_str[t // 86400 - self.base_ord] + self.tod[t % 86400]

    def day(self, o: int) -> str:
        return self.day_str[o - self.base_ord]

    @staticmethod
    def ms(t: int) -> int:
        return (t - _EPOCH_ORD * 86400 - _TZ_SECONDS) * 1000

    def sync(self, t: int, created: int | None = None) -> Row:
        """The synced columns of a row created at ``created`` (default ``t``)
        and last changed at ``t``."""
        c = t if created is None else created
        return (
            uuid7_seeded(self.rng, self.ms(c)),
            1,
            f"{self.ms(t):013d}-00000-{NODE}",
            None,
            0,
            self.ts(c),
            self.ts(t),
        )

    def pick(self, seq: Sequence[_T]) -> _T:
        return seq[int(self.rng.random() * len(seq))]

    def name(self, gender: str, birth_year: int, surname: str = "") -> str:
        rnd = self.rng.random
        era = 0 if birth_year < 1965 else 1 if birth_year < 1995 else 2
        single, curated, first, second = _GIVEN[era, gender]
        r = rnd()
        if r < 0.3:
            given = single[int(rnd() * len(single))]
        elif r < 0.65:
            given = curated[int(rnd() * len(curated))]
        else:
            given = first[int(rnd() * len(first))] + second[int(rnd() * len(second))]
        return (surname or self.surname()) + given

    def surname(self) -> str:
        return self.surnames[int(self.rng.random() * len(self.surnames))]

    def phone(self) -> str:
        rnd = self.rng.random
        return _MOBILE_PREFIXES[int(rnd() * len(_MOBILE_PREFIXES))] + f"{int(rnd() * 1e8):08d}"

    def landline(self) -> str:
        return f"0731{20_000_000 + int(self.rng.random() * 80_000_000)}"

    def resident_id(self, area: str, birth: date, gender: str) -> str:
        """A valid ID number no one else in the demo has."""
        seq = int(self.rng.random() * 100)
        for _ in range(100):
            number = make_resident_id(area, birth, seq, gender)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number
            seq = (seq + 1) % 100
        return ""  # 100 namesakes' twins: leave the number blank

    def work_time(self, o: int, lo: int = _DAY_START, length: int = _DAY_LENGTH) -> int:
        """A time on day ``o``, or on the Monday after if ``o`` is a weekend day."""
        wd = (o - 1) % 7
        if wd >= 5:
            o += 7 - wd
        return o * 86400 + lo + int(self.rng.random() * length)

    def year_day(self, weekend_share: float) -> int:
        """A day of the year of work; weekend days are kept with ``weekend_share``."""
        rnd = self.rng.random
        while True:
            o = self.start_ord + int(rnd() * (self.end_ord - self.start_ord + 1))
            if (o - 1) % 7 < 5 or rnd() < weekend_share:
                return o

    def interval(self, tag: str, risk: int | None, age: int | None) -> int | None:
        key = (tag, risk, age)
        if key not in self.interval_cache:
            self.interval_cache[key] = self.cats.visit_interval_days(tag, risk_level=risk, age=age)
        return self.interval_cache[key]

    def place(self, g: int) -> str:
        """Where something happened in grid ``g``: a household's address or a road."""
        homes = self.grid_households[g]
        if homes and self.rng.random() < 0.7:
            return self.h_address[self.pick(homes)]
        c = self.grid_comm[g]
        if c.village:
            return f"{c.name}{1 + int(self.rng.random() * 12)}组"
        return f"{c.name}{self.pick(_ROADS[c.street])}"

    # -- territory and accounts -----------------------------------------------

    def territory(self) -> None:
        t0 = (self.start_ord - 1100) * 86400 + 9 * 3600
        stamp = f"{self.ms(t0):013d}-00000-{NODE}"
        created = self.ts(t0)

        def ref(table: str, code: str) -> Row:
            return (reference_id(table, code), 1, stamp, None, 0, created, created)

        streets = self.w.table("street", "code, name, name_en, kind, demo")
        for code, name, name_en, kind in STREETS:
            streets.append((*ref("street", code), code, name, name_en, kind, 0))
        comms = self.w.table("community", "code, street_code, name, name_en, kind, demo")
        grids = self.w.table("grid", "code, community_code, name, name_en, demo")
        for c in COMMUNITIES:
            kind = "village" if c.village else "community"
            demo = int(not c.real)
            comms.append(
                (*ref("community", c.code), c.code, c.street, c.name, c.name_en, kind, demo)
            )
            weight = 0.45 if c.village else 0.8 if c.street == "430203100" else 1.0
            for k in range(1, c.grids + 1):
                code = f"{c.code}{k:03d}"
                name_en = f"{c.name_en} Grid {k}"
                grids.append((*ref("grid", code), code, c.code, f"{c.name}第{k}网格", name_en, 1))
                self.grids.append(code)
                self.grid_comm.append(c)
                self.grid_weight.append(weight)
        self.grid_pick = _weighted(list(enumerate(self.grid_weight)), 20)
        self.grid_households = [[] for _ in self.grids]
        self.grid_adults = [[] for _ in self.grids]
        self.summary.streets = len(streets)
        self.summary.communities = len(comms)
        self.summary.grids = len(grids)

    def accounts(self) -> None:
        t0 = (self.start_ord - 1000) * 86400 + 10 * 3600
        accounts = self.w.table(
            "account", "username, display_name, role, scope_code, phone, password_hash, disabled"
        )
        links = self.w.table("account_grid", "account_id, grid_code")
        password = _password_hash(self.rng)

        def add(username: str, role: str, scope: str) -> tuple[str, str]:
            sync = self.sync(t0)
            gender = "M" if self.rng.random() < 0.45 else "F"
            display = self.name(gender, 1970 + int(self.rng.random() * 30))
            secret = password if username in NAMED_ACCOUNTS else ""
            accounts.append((*sync, username, display, role, scope, self.phone(), secret, 0))
            return str(sync[0]), display

        for code in self.grids:
            account_id = add("worker" if code == FIRST_GRID else f"w{code}", "worker", "")[0]
            links.append((*self.sync(t0), account_id, code))
            self.grid_worker.append(account_id)
        staff_scope = NAMED_ACCOUNTS["staff"][1]
        for c in COMMUNITIES:
            username = "staff" if c.code == staff_scope else f"s{c.code}"
            self.comm_staff[c.code] = add(username, "staff", c.code)
        for code, *_ in STREETS:
            username = "supervisor" if code == NAMED_ACCOUNTS["supervisor"][1] else f"u{code}"
            add(username, "supervisor", code)
        self.district_id = add("district", "supervisor", "")[0]
        add("admin", "admin", "")
        self.w.flush()
        self.summary.accounts = self.w.count["account"]

    # -- households and residents ---------------------------------------------

    def members(self, kind: str) -> list[tuple[str, str, int, str]]:
        """(relation, gender, age, surname) of a new household's members, head first."""
        rnd = self.rng.random

        def ri(lo: int, hi: int) -> int:
            return lo + int(rnd() * (hi - lo + 1))

        def old() -> int:
            lo, hi = old_ages[int(rnd() * len(old_ages))]
            return ri(lo, hi)

        def child(rel_m: str, rel_f: str, age: int, surname: str) -> tuple[str, str, int, str]:
            gender = "M" if rnd() < 0.52 else "F"
            return (rel_m if gender == "M" else rel_f, gender, max(0, age), surname)

        old_ages = _OLD_AGE_TABLE
        male_head = rnd() < 0.75
        hg, sg = ("M", "F") if male_head else ("F", "M")
        family = self.surname()  # the husband's, which the children take
        head_s = family if male_head else self.surname()
        spouse_s = self.surname() if male_head else family

        def couple(age: int) -> list[tuple[str, str, int, str]]:
            spouse_age = max(20, age + (ri(-6, 2) if male_head else ri(-2, 6)))
            return [("head", hg, age, head_s), ("spouse", sg, spouse_age, spouse_s)]

        if kind == "single_young":
            return [("head", "M" if rnd() < 0.55 else "F", ri(20, 39), self.surname())]
        if kind == "single_mid":
            return [("head", "M" if rnd() < 0.5 else "F", ri(40, 59), self.surname())]
        if kind == "single_old":  # mostly widows
            return [("head", "M" if rnd() < 0.35 else "F", old(), self.surname())]
        if kind == "couple_young":
            return couple(ri(23, 35))
        if kind == "couple_mid":
            return couple(ri(45, 62))
        if kind == "couple_old":
            return couple(max(old(), 62))
        if kind == "single_parent":
            surname = self.surname()
            gender = "F" if rnd() < 0.7 else "M"
            return [
                ("head", gender, ri(28, 52), surname),
                child("son", "daughter", ri(0, 17), surname),
            ]
        if kind in ("nuclear1", "nuclear2", "with_grandparent"):
            age = ri(26, 55)
            out = couple(age)
            first = age - ri(23, 36)
            out.append(child("son", "daughter", first, family))
            if kind == "nuclear2":
                out.append(child("son", "daughter", first - ri(2, 8), family))
            elif kind == "with_grandparent":
                grand = max(age + ri(22, 34), 60)
                if rnd() < 0.6:
                    out.append(("mother", "F", grand, self.surname()))
                else:
                    out.append(("father", "M", grand, head_s))
            return out
        if kind in ("three_gen5", "three_gen6"):
            age = ri(52, 72)
            out = couple(age)
            mid = max(22, age - ri(23, 34))
            if rnd() < 0.8:  # a son and his wife; else a daughter and her husband
                line = family
                out.append(("son", "M", mid, family))
                out.append(("daughter_in_law", "F", max(20, mid + ri(-4, 1)), self.surname()))
            else:
                line = self.surname()
                out.append(("daughter", "F", mid, family))
                out.append(("son_in_law", "M", max(20, mid + ri(-1, 4)), line))
            young = min(mid - ri(22, 32), 17)
            out.append(child("grandson", "granddaughter", young, line))
            if kind == "three_gen6":
                out.append(child("grandson", "granddaughter", young - ri(2, 6), line))
            return out
        if kind == "left_behind":  # grandparents with grandchildren whose parents work away
            out = couple(ri(55, 75))
            line = family if rnd() < 0.8 else self.surname()
            young = ri(3, 15)
            out.append(child("grandson", "granddaughter", young, line))
            if rnd() < 0.35:
                out.append(child("grandson", "granddaughter", young - ri(2, 6), line))
            return out
        # old_with_child: a widowed parent living with an adult child
        gender = "F" if rnd() < 0.65 else "M"
        age = old()
        surname = self.surname()
        kid_s = surname if gender == "M" else self.surname()
        return [
            ("head", gender, age, surname),
            child("son", "daughter", max(25, age - ri(23, 36)), kid_s),
        ]

    def address(self, g: int, used: set[str], serial: int) -> str:
        """A new address in grid ``g``: 组 and 号 in villages; road 号, or an estate,
        with 栋, 单元 and 室 in town."""
        rnd = self.rng.random
        c = self.grid_comm[g]
        k = int(self.grids[g][-3:])
        for tries in range(1, 1000):
            if c.village:
                group = (k - 1) * 4 + 1 + int(rnd() * 4)
                address = f"{c.name}{group}组{1 + int(rnd() * (100 + tries))}号"
            else:
                if rnd() < 0.5:
                    roads = _ROADS[c.street]
                    road = roads[(k + int(rnd() * 2) + len(c.stem)) % len(roads)]
                    place = f"{road}{(k * 37 + int(rnd() * 4) * 11) % 300 + 1}号"
                else:
                    prefix = c.stem if rnd() < 0.5 else _ESTATE_PREFIXES[(k + len(c.stem)) % 10]
                    place = prefix + _ESTATE_SUFFIXES[(k + int(rnd() * 2)) % 8]
                floor = 1 + int(rnd() * (7 if rnd() < 0.7 else 30))
                building = 1 + int(rnd() * (12 + tries))
                unit = 1 + int(rnd() * 4)
                address = f"{place}{building}栋{unit}单元{floor}{1 + int(rnd() * 4):02d}室"
            if address not in used:
                used.add(address)
                return address
        return f"{c.name}{serial}号"  # pragma: no cover - a full grid

    def people(self, target: int) -> None:
        """Households and residents until there are ``target`` residents, with
        their tags and each household's visit plan."""
        w, rng, cats = self.w, self.rng, self.cats
        rnd = rng.random
        today, today_ord, end_ord = self.today, self.today_ord, self.end_ord
        tm, td = today.month, today.day
        day_str, base = self.day_str, self.base_ord
        households = w.table(
            "household", "grid_code, household_no, address, head_person_id, phone, note"
        )
        persons = w.table(
            "person",
            "household_id, grid_code, name, id_number, gender, birth_date, phone, relation, "
            "ethnicity, moved_out, deceased, note",
        )
        ptags = w.table("person_tag", "person_id, tag_code, grid_code, attrs, since")
        htags = w.table("household_tag", "household_id, tag_code, grid_code, attrs, since")
        tables = ("household", "person", "person_tag", "household_tag")
        kinds = _weighted(_HOUSEHOLD_KINDS, 2)
        ethnicities = _weighted(_ETHNICITIES)
        risks = _weighted(_RISK_LEVELS)
        grid_serial = [0] * len(self.grids)
        used_addresses: set[str] = set()
        applies, interval, rel = self.applies, self.interval, self.rel
        p_id, p_name, p_idno, p_phone = self.p_id, self.p_name, self.p_idno, self.p_phone
        wristbands = 0
        step = max(20_000, target // 10)
        next_report = step
        lo_since = self.start_ord - 3000  # tags are at most about 8 years old

        def since(earliest: int, spread: int = 2900) -> int:
            return max(earliest, today_ord - 30 - int(rnd() * spread))

        while len(p_id) < target:
            if len(p_id) >= next_report:
                self.say(translate("core", MSG_PEOPLE).format(done=len(p_id), total=target))
                next_report += step
                w.flush(*tables)
            kind = kinds[int(rnd() * len(kinds))]
            members = self.members(kind)[: target - len(p_id)]
            g = self.grid_pick[int(rnd() * len(self.grid_pick))]
            gcode, comm = self.grids[g], self.grid_comm[g]
            created = (self.start_ord - 1 - int(rnd() * 1000)) * 86400 + self.work_offset()
            h_sync = self.sync(created)
            hid = h_sync[0]
            grid_serial[g] += 1
            migrant = rnd() < (0.02 if comm.village else 0.06)
            size = len(members)
            all_old = size >= 2 and all(m[2] >= 60 for m in members)
            first = len(p_id)
            # tags to give: person index (-1: the household), code, since, attrs, risk, age
            wanted: list[tuple[int, str, int, str, int | None, int | None]] = []
            any_disabled = False
            head_phone = ""
            head_age = 0

            for i, (relation, gender, age, surname) in enumerate(members):
                b = today_ord - 1 - int((age + rnd()) * 365.2425)
                bd = date.fromordinal(b)
                age = today.year - bd.year - ((tm, td) < (bd.month, bd.day))
                name = self.name(gender, bd.year, surname)
                r = rnd()
                if migrant or r >= 0.98:
                    area = _HUNAN_AREAS[int(rnd() * len(_HUNAN_AREAS))]
                elif r < 0.88:
                    area = "430203"
                else:
                    area = _ZHUZHOU_AREAS[int(rnd() * len(_ZHUZHOU_AREAS))]
                no_id = rnd() < (0.35 if age == 0 else 0.025)
                idno = "" if no_id else self.resident_id(area, bd, gender)
                r = rnd()
                has_phone = age >= 16 and r < (
                    0.93 if age < 60 else 0.8 if age < 70 else 0.6 if age < 80 else 0.35
                )
                phone = self.phone() if has_phone else ""
                if i == 0:
                    head_phone, head_age = phone, age
                moved = relation in ("son", "daughter") and 18 <= age <= 45 and rnd() < 0.03
                dead = i > 0 and age >= 80 and rnd() < 0.01
                registered = max(created, (b + 10 + int(rnd() * 40)) * 86400 + 36000)
                p_sync = self.sync(min(registered, end_ord * 86400 + 36000))
                pi = len(p_id)
                p_id.append(p_sync[0])
                p_name.append(name)
                p_idno.append(idno)
                p_phone.append(phone)
                ethnicity = ethnicities[int(rnd() * len(ethnicities))]
                persons.append(
                    (*p_sync, hid, gcode, name, idno, gender, day_str[b - base], phone,
                     rel[relation], ethnicity, int(moved), int(dead), "")
                )  # fmt: skip
                if moved or dead:
                    continue
                if age >= 18:
                    self.grid_adults[g].append(pi)

                # person tags, from age, household structure and prevalence
                lo = max(b + 1, lo_since)
                if age >= 80:
                    wanted.append((pi, "oldest_old", max(b + 29220, lo), "{}", None, age))
                if age >= 60 and size == 1:
                    wanted.append((pi, "living_alone_elderly", since(max(b + 21915, lo)), "{}",
                                   None, age))  # fmt: skip
                    if rnd() < 0.06:
                        wanted.append((pi, "five_guarantee", since(lo), "{}", None, age))
                elif age >= 60 and all_old:
                    wanted.append((pi, "empty_nest_elderly", since(max(b + 21915, lo)), "{}",
                                   None, age))  # fmt: skip
                if rnd() < (
                    0.012 if age < 18 else 0.034 if age < 60 else 0.075 if age < 80 else 0.13
                ):
                    any_disabled = True
                    grade = (1, 2, 2, 3, 3, 3, 4, 4, 4, 4)[int(rnd() * 10)]
                    cert = f"{idno}{1 + int(rnd() * 7)}{grade}" if idno else ""
                    attrs = json.dumps({"certificate_no": cert, "disability_grade": grade})
                    wanted.append((pi, "disabled", since(lo), attrs, None, age))
                    if size == 1 and age < 60 and rnd() < 0.2:
                        wanted.append((pi, "five_guarantee", since(lo), "{}", None, age))
                if kind == "left_behind" and i >= 2 and age < 16:
                    wanted.append((pi, "left_behind_child", since(lo, 1500), "{}", None, age))
                elif age < 18 and rnd() < (0.08 if kind == "single_parent" else 0.002):
                    wanted.append((pi, "child_in_distress", since(lo, 1500), "{}", None, age))
                if age >= 70 and rnd() < 0.025:
                    wristbands += 1
                    carers = [first + m for m in range(i) if 18 <= members[m][2] < 80]
                    if carers:
                        guardian = p_name[carers[0]]
                    else:  # a son or daughter living elsewhere
                        guardian = self.name("M" if rnd() < 0.5 else "F", bd.year + 28, surname)
                    attrs = json.dumps(
                        {
                            "diagnosis": self.pick(_WANDER_DIAGNOSES),
                            "guardian": guardian,
                            "guardian_phone": self.phone(),
                            "wristband_no": f"LS{wristbands:06d}",
                        },
                        ensure_ascii=False,
                    )
                    wanted.append((pi, "prone_to_wander", since(lo, 1500), attrs, None, age))
                if 18 <= age <= 75 and rnd() < 0.0055:
                    level = risks[int(rnd() * len(risks))]
                    attrs = json.dumps({"risk_level": level})
                    wanted.append((pi, "severe_mental_disorder", since(lo), attrs, level, age))
                if 18 <= age <= 60:
                    r = rnd()
                    if r < 0.0006:
                        ends = day_str[today_ord + 30 + int(rnd() * 700) - base]
                        attrs = json.dumps({"end_date": ends})
                        wanted.append(
                            (pi, "community_correction", since(lo, 700), attrs, None, age)
                        )
                    elif r < 0.0018:
                        released = today_ord - 30 - int(rnd() * 1800)
                        attrs = json.dumps({"release_date": day_str[released - base]})
                        wanted.append(
                            (pi, "released_prisoner", max(released, lo), attrs, None, age)
                        )
                    elif r < 0.0026 and age <= 55:
                        wanted.append((pi, "drug_user", since(lo), "{}", None, age))
                if 35 <= age <= 75 and rnd() < 0.00015:
                    wanted.append((pi, "key_petitioner", since(lo), "{}", None, age))
                if age >= 22 and rnd() < (0.03 if gender == "M" else 0.002):
                    wanted.append((pi, "veteran_entitled", since(lo), "{}", None, age))
                if migrant:
                    moved_in = max(b + 1, created // 86400)
                    wanted.append(
                        (pi, "floating_population", since(moved_in, 900), "{}", None, age)
                    )

            # household tags
            p_low = 0.012 + 0.08 * any_disabled + 0.06 * (kind == "single_parent")
            p_low += 0.03 * (kind == "single_old")
            if rnd() < p_low:
                wanted.append((-1, "low_income", since(lo_since), "{}", None, None))
            if comm.village and rnd() < 0.02:
                wanted.append((-1, "poverty_monitoring", since(lo_since), "{}", None, None))
            if rnd() < 0.008:
                wanted.append((-1, "hardship_family", since(lo_since), "{}", None, None))
            if kind == "couple_old" and rnd() < 0.02:
                wanted.append((-1, "special_family_planning", since(lo_since), "{}", None, None))
            if rnd() < (0.12 if head_age >= 60 else 0.06):
                wanted.append((-1, "party_member_household", since(lo_since), "{}", None, None))

            # write the tags where the catalogue says they apply, and plan the
            # visits: the shortest interval among the rules that match
            best: int | None = None
            best_tag = ""
            key_people: list[int] = []
            household_tags: set[str] = set()
            for pi, code, day, attrs, risk, tag_age in wanted:
                applies_to = applies.get(code)
                if applies_to is None:
                    continue  # not in this catalogue
                if pi >= 0 and applies_to == "household":
                    pi = -1
                elif pi < 0 and applies_to == "person":
                    pi = first
                day = min(day, end_ord)
                t = max(created, day * 86400 + 36000)
                if pi < 0:
                    if code in household_tags:
                        continue
                    household_tags.add(code)
                    htags.append((*self.sync(t), hid, code, gcode, attrs, day_str[day - base]))
                else:
                    ptags.append((*self.sync(t), p_id[pi], code, gcode, attrs, day_str[day - base]))
                d = interval(code, risk, tag_age)
                if d is None:
                    continue
                if pi >= 0 and pi not in key_people:
                    key_people.append(pi)
                if best is None or d < best:
                    best, best_tag = d, code
            # A visit naming a person counts only for that person (reports/due.py):
            # name the key person when there is exactly one, else visit the household.
            person = p_id[key_people[0]] if len(key_people) == 1 else None
            group = self.tag_group.get(best_tag, "")
            visit_kind = "key_check" if group in ("key_person", "health") else "routine"
            self.h_plan.append(
                (
                    best if best is not None else cats.default_household_interval_days,
                    person,
                    visit_kind,
                    _NOTES_GROUP.get(best_tag, "ordinary"),
                )
            )

            address = self.address(g, used_addresses, grid_serial[g])
            household_no = f"{comm.code[-6:]}{int(gcode[-3:]) - 1}{grid_serial[g]:04d}"
            households.append((*h_sync, gcode, household_no, address, p_id[first], head_phone, ""))
            self.grid_households[g].append(len(self.h_id))
            self.h_id.append(hid)
            self.h_grid.append(g)
            self.h_first.append(first)
            self.h_size.append(size)
            self.h_address.append(address)

        w.flush(*tables)
        self.summary.households = w.count["household"]
        self.summary.persons = w.count["person"]
        self.summary.person_tags = w.count["person_tag"]
        self.summary.household_tags = w.count["household_tag"]

    def work_offset(self) -> int:
        return _DAY_START + int(self.rng.random() * _DAY_LENGTH)

    # -- visits ---------------------------------------------------------------

    def visits(self) -> None:
        """Visits over the year by each household's plan: about 92% on time
        (up to 30% of the interval early), the rest late, on weekdays 8:30-17:30;
        a finding that needs it gets a follow-up visit within the week."""
        w, rng = self.w, self.rng
        rnd = rng.random
        uid = uuid7_seeded
        rows = w.table(
            "visit",
            "household_id, person_id, grid_code, worker_id, visited_at, kind, companions, "
            "found_needs, found_hazard_safety, found_hazard_fire, found_hazard_sanitation, "
            "found_dispute, found_request, found_suggestion, findings, action_taken, notes, "
            "followup_due, followup_done, void_of, voided",
        )
        day_str, tod, base = self.day_str, self.tod, self.base_ord
        start, end = self.start_ord, self.end_ord
        epoch = _EPOCH_ORD * 86400 + _TZ_SECONDS
        grids, workers = self.grids, self.grid_worker
        findings = _weighted(_FINDINGS)
        n_findings = len(findings)
        companions = _COMPANIONS
        no_flags = (0, 0, 0, 0, 0, 0, 0)
        for h, hid in enumerate(self.h_id):
            interval, person, kind, notes_group = self.h_plan[h]
            g = self.h_grid[h]
            gcode, worker = grids[g], workers[g]
            notes = _VISIT_NOTES[notes_group]
            n_notes = len(notes)
            early = interval * 0.3 if interval >= 28 else 2.0
            late = interval * 0.5 if interval >= 28 else 4.0
            last = start - 1 - int(rnd() * interval)  # the last visit before the year
            while True:
                due = last + interval
                d = due - int(rnd() * early) if rnd() < 0.92 else due + 1 + int(rnd() * late)
                d = max(d, last + 1)
                wd = (d - 1) % 7
                if wd >= 5:  # to Friday if that is still after the last visit, else Monday
                    d = d - (wd - 4) if d - (wd - 4) > last else d + 7 - wd
                if d > end:
                    break
                last = d
                if d < start:  # still before the year
                    continue
                t = d * 86400 + _DAY_START + int(rnd() * _DAY_LENGTH)
                ts = day_str[d - base] + tod[t % 86400]
                ms = (t - epoch) * 1000
                r = rnd()
                companion = companions[int(rnd() * len(companions))] if r < 0.12 else ""
                if kind == "key_check" and r > 0.6:
                    companion = "社区民警"
                visit_kind = kind if r < 0.997 else "emergency"
                r = rnd()
                if r >= 0.06:
                    note = notes[int(r * 7919) % n_notes]
                    rows.append(
                        (uid(rng, ms), 1, f"{ms:013d}-00000-demo", None, 0, ts, ts, hid, person,
                         gcode, worker, ts, visit_kind, companion, *no_flags, "", "", note, None,
                         0, None, 0)
                    )  # fmt: skip
                    continue
                flag, found, actions = findings[int(rnd() * n_findings)]
                flags = [0, 0, 0, 0, 0, 0, 0]
                flags[flag] = 1
                finding = found[int(rnd() * len(found))]
                action = actions[int(rnd() * len(actions))]
                due_text = None
                done = 0
                if flag <= 5:  # needs a follow-up within the week
                    due_text = day_str[d + 7 - base]
                    fo = d + 3 + int(rnd() * 5)
                    if (fo - 1) % 7 >= 5:
                        fo += 7 - (fo - 1) % 7
                    if fo <= end:
                        done = 1
                        ft = fo * 86400 + _DAY_START + int(rnd() * _DAY_LENGTH)
                        fts = day_str[fo - base] + tod[ft % 86400]
                        fms = (ft - epoch) * 1000
                        rows.append(
                            (uid(rng, fms), 1, f"{fms:013d}-00000-demo", None, 0, fts, fts, hid,
                             person, gcode, worker, fts, "followup", "", *no_flags, "", action,
                             _FOLLOWUP_NOTES[flag % 3], None, 0, None, 0)
                        )  # fmt: skip
                rows.append(
                    (uid(rng, ms), 1, f"{ms:013d}-00000-demo", None, 0, ts, ts, hid, person,
                     gcode, worker, ts, visit_kind, companion, *flags, finding, action,
                     notes[int(r * 1000) % n_notes], due_text, done, None, 0)
                )  # fmt: skip
            if len(rows) >= CHUNK:
                w.flush("visit")
        w.flush("visit")
        self.summary.visits = w.count["visit"]

    # -- services -------------------------------------------------------------

    def services(self) -> None:
        """Tallies summing to 11,000-11,600 services over the year, spread over
        grids and days; about half name the household served."""
        rnd = self.rng.random
        rows = self.w.table(
            "service_tally",
            "grid_code, worker_id, type_code, done_on, count, household_id, person_id, note",
        )
        types = _weighted(
            [(s.code, _SERVICE_WEIGHTS.get(s.code, 5)) for s in self.cats.service_types], 2
        )
        counts = _weighted(_SERVICE_COUNTS)
        target = 11_000 + int(rnd() * 600)
        total = 0
        while total < target:
            g = self.grid_pick[int(rnd() * len(self.grid_pick))]
            o = self.year_day(0.15)
            t = o * 86400 + self.work_offset()
            count = min(counts[int(rnd() * len(counts))], target - total)
            total += count
            household = person = None
            homes = self.grid_households[g]
            if homes and rnd() < 0.45:
                h = homes[int(rnd() * len(homes))]
                household = self.h_id[h]
                if rnd() < 0.6:
                    person = self.p_id[self.h_first[h] + int(rnd() * self.h_size[h])]
            type_code = types[int(rnd() * len(types))]
            note = self.pick(_SERVICE_NOTES)
            rows.append(
                (*self.sync(t), self.grids[g], self.grid_worker[g], type_code, self.day(o), count,
                 household, person, note)
            )  # fmt: skip
        self.w.flush("service_tally")
        self.summary.service_rows = self.w.count["service_tally"]
        self.summary.services = total

    # -- disputes -------------------------------------------------------------

    def party(self, g: int) -> tuple[str, str, str, str | None]:
        """name, ID number, phone and person id of a natural-person party:
        often a resident of the grid, otherwise someone from elsewhere."""
        rnd = self.rng.random
        adults = self.grid_adults[g]
        if adults and rnd() < 0.55:
            pi = adults[int(rnd() * len(adults))]
            return self.p_name[pi], self.p_idno[pi], self.p_phone[pi], self.p_id[pi]
        gender = "M" if rnd() < 0.55 else "F"
        birth = date.fromordinal(self.today_ord - int((20 + rnd() * 55) * 365.2425))
        name = self.name(gender, birth.year)
        idno = self.resident_id("430203", birth, gender) if rnd() < 0.7 else ""
        return name, idno, self.phone() if rnd() < 0.9 else "", None

    def disputes(self) -> None:
        """About 600 disputes accepted over the year (MoJ type mix), each with
        2-3 parties and its workflow: accepted → mediating → resolved (90%),
        failed or referred → closed after the follow-up visit; recent ones open."""
        w, cats = self.w, self.cats
        rnd = self.rng.random
        rows = w.table(
            "dispute",
            "grid_code, case_no, reported_by, found_on, accepted_on, deadline, place, type_code, "
            "source_code, scale, people_involved, amount, summary, major, measures, "
            "responsible_department, responsible_person, status, result, method, resolved_on, "
            "agreement, agreement_no, performance_deadline, escalation_prevented",
        )
        parties = w.table(
            "dispute_party", "dispute_id, grid_code, name, id_number, phone, role, person_id"
        )
        steps = w.table(
            "dispute_step", "dispute_id, grid_code, from_status, to_status, at, by_account, note"
        )
        followups = w.table(
            "dispute_followup",
            "dispute_id, grid_code, due_on, done_on, by_account, performed, satisfaction, "
            "remaining_risk, note",
        )
        known = {t.code for t in cats.dispute_types}
        types = [(c, v[0]) for c, v in _DISPUTE_TYPES.items() if c in known]
        types += [(c, 1.0) for c in sorted(known - set(_DISPUTE_TYPES))]
        town_types = _weighted(types, 2)
        village_types = _weighted([(c, wt * (6 if c in _RURAL_TYPES else 1)) for c, wt in types], 2)
        sources = _weighted(
            [(s.code, _SOURCE_WEIGHTS.get(s.code, 5)) for s in cats.dispute_sources]
        )
        methods = _weighted(
            [(m.code, _METHOD_WEIGHTS.get(m.code, 5)) for m in cats.dispute_methods]
        )
        roles = {r.code for r in cats.party_roles}
        role_of = [r if r in roles else "" for r in ("applicant", "respondent", "third_party")]
        satisfaction = _weighted(_SATISFACTION)
        street_names = {code: name for code, name, *_ in STREETS}
        now_t, end = self.now_t, self.end_ord
        agreement_seq: dict[tuple[str, int], int] = {}
        n = 600 + int(rnd() * 50)
        for accepted in sorted(self.year_day(0.0) for _ in range(n)):
            g = self.grid_pick[int(rnd() * len(self.grid_pick))]
            gcode, comm = self.grids[g], self.grid_comm[g]
            worker = self.grid_worker[g]
            staff_id, staff_name = self.comm_staff[comm.code]
            street_name = street_names[comm.street]
            table = village_types if comm.village else town_types
            type_code = table[int(rnd() * len(table))]
            source = sources[int(rnd() * len(sources))]
            accepted_t = accepted * 86400 + 9 * 3600 + int(rnd() * 8 * 3600)
            found = accepted
            if source != "party_application" and rnd() >= 0.6:
                found -= 1 if rnd() < 0.6 else 2 + int(rnd() * 4)
            sync = self.sync(accepted_t)
            did = str(sync[0])

            # parties: applicant, respondent (a company in some types), third party
            n_parties = 2 if rnd() < 0.72 else 3
            companies = _COMPANIES.get(type_code) if rnd() < _COMPANY_SHARE else None
            names: list[str] = []
            for k in range(n_parties):
                if k == 1 and companies:
                    name = self.pick(companies).format(self.pick(_COMPANY_WORDS))
                    party: tuple[str, str, str, str | None] = (name, "", self.landline(), None)
                else:
                    party = self.party(g)
                names.append(party[0])
                parties.append(
                    (*self.sync(accepted_t), did, gcode, *party[:3], role_of[k], party[3])
                )
            people = n_parties
            if type_code in _GROUP_TYPES and rnd() < 0.2:
                people = 5 + int(rnd() * 50)
            amount = 0.0
            if type_code in _AMOUNT_TYPES and rnd() < 0.8:
                amount = float(round(1000 * 200 ** rnd(), -2))
            elif type_code == "property_management" and rnd() < 0.5:
                amount = float(round(500 + rnd() * 20000, -2))
            major = people >= 30 or amount >= 100_000 or rnd() < 0.01
            scale = "重大" if major else "较大" if people >= 5 or amount >= 30_000 else "一般"
            reason = self.pick(_DISPUTE_TYPES.get(type_code, _DISPUTE_TYPES["other"])[1])
            who = f"{names[0]}等{people}人" if people > n_parties else names[0]
            summary = f"{who}与{names[1]}{reason}发生纠纷。"
            measures = self.pick(_MEASURES)
            if major or rnd() < 0.15:
                department = f"{street_name}人民调解委员会"
            else:
                department = f"{comm.name}人民调解委员会"

            # the workflow, cut at now: (from, to, time, by, note)
            moves: list[tuple[str, str, int, str, str]] = [
                ("", "accepted", accepted_t, worker, "登记受理")
            ]
            r = rnd()
            result = "success" if r < 0.9 else "failed" if r < 0.95 else "referred"
            direct = result == "referred" and rnd() < 0.3  # referred without mediating
            mediating_t = max(
                accepted_t + 1800, self.work_time(accepted + int(rnd() * 3), 9 * 3600, 8 * 3600)
            )
            days = 31 + int(rnd() * 20) if rnd() < 0.05 else 1 + int(rnd() * 24)
            out_t = max(self.work_time(accepted + days, 9 * 3600), mediating_t + 3600)
            method = "" if direct else methods[int(rnd() * len(methods))]
            if not direct:
                moves.append(("accepted", "mediating", mediating_t, staff_id, "组织双方调解"))
            outcome = {"success": "resolved", "failed": "failed", "referred": "referred"}[result]
            if result == "success":
                written = rnd() < 0.8
                note = "达成调解协议" if written else "双方达成口头协议"
            elif result == "failed":
                written = False
                note = "双方分歧较大，调解未成功，告知通过诉讼等途径解决"
            else:
                written = False
                note = f"移交{self.pick(_REFER_TO)}处理"
            moves.append(("accepted" if direct else "mediating", outcome, out_t, staff_id, note))
            resolved = out_t // 86400
            visits: list[Row] = []
            if result == "success":  # the 回访, then closing
                due = resolved + FOLLOWUP_AFTER_DAYS
                done_o = due - 3 + int(rnd() * 8) if rnd() < 0.93 else due + 5 + int(rnd() * 20)
                done_t = self.work_time(done_o, 9 * 3600, 8 * 3600)
                if done_t <= now_t and done_t // 86400 <= end:
                    sat = satisfaction[int(rnd() * len(satisfaction))]
                    risk = "存在反复可能，继续关注" if sat == "unsatisfied" else "无"
                    visits.append(
                        (*self.sync(done_t, out_t), did, gcode, self.day(due),
                         self.day(done_t // 86400), worker, 1, sat, risk,
                         self.pick(_DISPUTE_FOLLOWUP_NOTES))
                    )  # fmt: skip
                    close_t = self.work_time(done_t // 86400 + int(rnd() * 3), 9 * 3600, 8 * 3600)
                    close_t = max(close_t, done_t + 1800)
                    moves.append(("resolved", "closed", close_t, staff_id, "回访无异常，结案"))
                else:  # still due
                    visits.append(
                        (*self.sync(out_t), did, gcode, self.day(due), None, None, 0, "", "", "")
                    )
            else:
                close_t = self.work_time(resolved + 1 + int(rnd() * 6), 9 * 3600, 8 * 3600)
                moves.append((outcome, "closed", close_t, staff_id, "结案"))
            moves = [m for m in moves if m[2] <= now_t]
            status = moves[-1][1]
            concluded = status not in ("accepted", "mediating")
            if concluded:
                followups.extend(visits)
            agreement_no, performance = "", None
            if concluded and written:
                key = (comm.street, date.fromordinal(resolved).year)
                agreement_seq[key] = agreement_seq.get(key, 0) + 1
                stem = street_name.removesuffix("街道").removesuffix("镇")
                agreement_no = f"（{key[1]}）{stem}调字第{agreement_seq[key]:03d}号"
                performance = self.day(resolved + 7 + int(rnd() * 53))
            for from_s, to_s, at, by, step_note in moves:
                steps.append((*self.sync(at), did, gcode, from_s, to_s, self.ts(at), by, step_note))
            last_t = moves[-1][2]
            case_no = f"{gcode}-{self.day(accepted).replace('-', '')}-{did[-4:].upper()}"
            deadline = workflow.dispute_deadline(date.fromordinal(accepted)).isoformat()
            prevented = int(concluded and result == "success" and rnd() < 0.08)
            rows.append(
                (did, 1, f"{self.ms(last_t):013d}-00000-{NODE}", None, 0, self.ts(accepted_t),
                 self.ts(last_t), gcode, case_no, worker, self.day(found), self.day(accepted),
                 deadline, self.place(g), type_code, source, scale, people, amount, summary,
                 int(major), measures, department, staff_name, status,
                 result if concluded else "", method if status != "accepted" else "",
                 self.day(resolved) if concluded else None, int(bool(agreement_no)),
                 agreement_no, performance, prevented)
            )  # fmt: skip
        w.flush("dispute", "dispute_party", "dispute_step", "dispute_followup")
        self.summary.disputes = w.count["dispute"]
        self.summary.dispute_parties = w.count["dispute_party"]
        self.summary.dispute_steps = w.count["dispute_step"]
        self.summary.dispute_followups = w.count["dispute_followup"]

    # -- events ---------------------------------------------------------------

    def events(self) -> None:
        """About 400 events over the year across the catalogue's categories and
        items, each with its workflow steps: most closed within the deadline of
        their urgency, some late (and supervised), a few resolved on the spot,
        cancelled, returned or extended; recent ones still open."""
        w, cats = self.w, self.cats
        rnd = self.rng.random
        rows = w.table(
            "event",
            "grid_code, event_no, reported_by, reported_at, category_code, item_code, "
            "department_code, urgency, deadline_at, place, description, photo, household_id, "
            "status, extended_to, supervised, closed_at",
        )
        steps = w.table(
            "event_step",
            "event_id, grid_code, from_status, to_status, action, at, by_account, "
            "department_code, note",
        )
        categories = _weighted(
            [
                (c.code, _EVENT_CATEGORY_WEIGHTS.get(c.code, 5))
                for c in cats.event_categories
                if c.code in self.event_items
            ]
        )
        hours = {u.code: u.hours for u in cats.urgencies}
        dept_names = {d.code: d.name for d in cats.departments}
        extend = workflow.EventAction.EXTEND.value
        supervise = workflow.EventAction.SUPERVISE.value
        terminal = ("closed", "self_resolved", "cancelled")
        now_t, district = self.now_t, self.district_id
        n = 400 + int(rnd() * 40)
        times = sorted(
            self.year_day(0.35) * 86400 + 7 * 3600 + 1800 + int(rnd() * 12.5 * 3600)
            for _ in range(n)
        )
        for t0 in times:
            g = self.grid_pick[int(rnd() * len(self.grid_pick))]
            gcode, comm = self.grids[g], self.grid_comm[g]
            worker, staff = self.grid_worker[g], self.comm_staff[comm.code][0]
            category = categories[int(rnd() * len(categories))]
            item = self.pick(self.event_items[category])
            dept, urgency = item.department, item.urgency
            span = 3600 * hours.get(urgency, workflow.URGENCY_HOURS.get(urgency, 72))
            deadline = t0 + span
            eid = str(self.sync(t0)[0])
            homes = self.grid_households[g]
            household = None
            if homes and rnd() < 0.3:
                h = homes[int(rnd() * len(homes))]
                household, place = self.h_id[h], self.h_address[h]
            else:
                place = self.place(g)
            text = self.pick(_EVENT_TEXTS).format(place=place, item=item.name)

            # the workflow: (from, to, action, time, by, department, note)
            moves: list[tuple[str, str, str, int, str, str | None, str]] = [
                ("", "reported", "", t0, worker, None, "网格员上报")
            ]
            extended_to: int | None = None
            r = rnd()
            if r < 0.07:
                at = t0 + 600 + int(rnd() * 6600)
                moves.append(("reported", "self_resolved", "", at, worker, None, "现场处置完毕"))
            elif r < 0.09:
                at = t0 + 1800 + int(rnd() * 12 * 3600)
                moves.append(("reported", "cancelled", "", at, staff, None, "重复上报，注销"))
            else:
                begin = t0
                if r < 0.13:  # returned for more detail, then resubmitted or cancelled
                    a = t0 + 300 + int(span * 0.03 * rnd())
                    b = a + 300 + int(span * 0.03 * rnd())
                    c = b + 600 + int(span * 0.05 * rnd())
                    moves.append(("reported", "accepted", "", a, staff, None, "社区受理"))
                    moves.append(("accepted", "returned", "", b, staff, None, "信息不全，退回补充"))
                    if rnd() < 0.3:
                        moves.append(
                            ("returned", "cancelled", "", c, staff, None, "核实不属实，注销")
                        )
                        begin = -1
                    else:
                        moves.append(
                            ("returned", "reported", "", c, worker, None, "补充后重新上报")
                        )
                        begin = c
                if begin >= 0:
                    late = rnd() < 0.10
                    stall = t0 > now_t - 45 * 86400 and rnd() < 0.2  # stuck, soon overdue
                    extended = urgency != "red" and not stall and rnd() < 0.06
                    limit = deadline + span * extended
                    total = (limit - begin) * (1.05 + rnd() * 1.2 if late else 0.3 + rnd() * 0.65)
                    by = (staff, district, district, district, district, worker, district)
                    notes = (
                        "社区受理",
                        f"派遣至{dept_names.get(dept, dept)}",
                        "已签收",
                        "已处置",
                        "部门反馈处置结果",
                        "网格员现场核查，问题已解决",
                        "结案",
                    )
                    at = begin
                    stamps: list[int] = []
                    prev = "reported"
                    for k, to_s in enumerate(_EVENT_CHAIN):
                        f = _EVENT_FRACTIONS[k] - 0.02 + 0.04 * rnd()
                        at = max(at + 60, begin + int(total * f))
                        if urgency != "red":  # departments work 07:00-22:00
                            clock = at % 86400
                            if clock >= 22 * 3600:
                                at += 86400 - clock + 7 * 3600 + int(rnd() * 3600)
                            elif clock < 7 * 3600:
                                at += 7 * 3600 - clock + int(rnd() * 3600)
                        stamps.append(at)
                        moves.append(
                            (prev, to_s, "", at, by[k], dept if k == 1 else None, notes[k])
                        )
                        prev = to_s
                        if stall and to_s == "signed":
                            break
                    if extended:  # 延期 while signed for
                        extended_to = limit
                        at = stamps[2] + (stamps[3] - stamps[2]) // 3
                        moves.append(("signed", "signed", extend, at, district, None, "申请延期"))
                    if (late or stall) and rnd() < 0.6:  # 督办 once overdue
                        at = limit + int(span * 0.1)
                        if stamps[1] < at < (stamps[4] if len(stamps) > 4 else now_t):
                            then = _EVENT_CHAIN[1 + sum(1 for s in stamps[2:4] if s <= at)]
                            moves.append((then, then, supervise, at, district, None, "逾期督办"))
            moves.sort(key=lambda m: m[3])
            moves = [m for m in moves if m[3] <= now_t]
            status = next(m[1] for m in reversed(moves) if not m[2])
            actions = {m[2] for m in moves if m[2]}
            closed_at = self.ts(moves[-1][3]) if status in terminal else None
            for from_s, to_s, action, at, by_id, dep, note in moves:
                steps.append(
                    (
                        *self.sync(at),
                        eid,
                        gcode,
                        from_s,
                        to_s,
                        action,
                        self.ts(at),
                        by_id,
                        dep,
                        note,
                    )
                )
            last_t = moves[-1][3]
            event_no = f"{gcode}-{self.day(t0 // 86400).replace('-', '')}-{eid[-4:].upper()}"
            ext = self.ts(extended_to) if extended_to and extend in actions else None
            rows.append(
                (eid, 1, f"{self.ms(last_t):013d}-00000-{NODE}", None, 0, self.ts(t0),
                 self.ts(last_t), gcode, event_no, worker, self.ts(t0), category, item.code, dept,
                 urgency, self.ts(deadline), place, text, "", household, status, ext,
                 int(supervise in actions), closed_at)
            )  # fmt: skip
        w.flush("event", "event_step")
        self.summary.events = w.count["event"]
        self.summary.event_steps = w.count["event_step"]


def _password_hash(rng: random.Random) -> str:
    """An argon2 hash of DEMO_PASSWORD, salted from ``rng`` so that it is
    deterministic; "" when argon2 is not installed. The salt is drawn either way."""
    salt = rng.getrandbits(128).to_bytes(16, "big")
    try:
        from argon2 import PasswordHasher
        from argon2.low_level import hash_secret
    except ImportError:  # pragma: no cover - argon2-cffi is optional
        return ""
    hasher = PasswordHasher()
    return hash_secret(
        DEMO_PASSWORD.encode(),
        salt,
        time_cost=hasher.time_cost,
        memory_cost=hasher.memory_cost,
        parallelism=hasher.parallelism,
        hash_len=hasher.hash_len,
        type=hasher.type,
    ).decode()


def generate(
    path: Path,
    *,
    seed: int = 7,
    persons: int = 20000,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
    key: bytes | None = None,
) -> DemoSummary:
    """Create (or open) the database at ``path`` and fill it with the demo
    district: about ``persons`` residents and a year of work up to ``today``
    (default: the real today). ``progress`` receives translated messages.
    With ``key`` the database is encrypted with it (see :func:`make_demo`).

    Raises :class:`UserError` if the database already holds households,
    territory or accounts. The same ``seed`` and ``today`` give the same rows.
    """
    if persons < 0:
        raise ValueError(f"persons must not be negative: {persons}")
    today = today or date.today()
    say = progress or (lambda _message: None)
    store = open_store(path, key=key)
    try:
        stamp = store.clock.now()
        store.engine.dispose()  # so that the load may leave WAL mode for a while
        conn = connect_raw(store.path)
        try:
            return _fill(conn, store.path, store.device_id, stamp, seed, persons, today, say)
        finally:
            conn.close()
    finally:
        store.close()


def make_demo(
    path: Path,
    *,
    seed: int = 7,
    persons: int = 20000,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """The demo district in a new database encrypted as a laptop's is (a
    random data key), with a keyring that lets the demo accounts
    (:data:`NAMED_ACCOUNTS`, password :data:`DEMO_PASSWORD`) unlock it.

    Refused (UserError) when ``path`` holds data already; an empty
    unencrypted database (an older version's first start) is replaced."""
    import contextlib

    from luzsong_grid.store.crypto import Keyring, keyring_path, new_key
    from luzsong_grid.store.db import forget_key, is_encrypted, is_plaintext

    ring_path = keyring_path(path)
    if is_encrypted(path) or ring_path.exists():
        raise UserError(MSG_NOT_EMPTY, path=str(path))
    if is_plaintext(path):
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            held = conn.execute(
                "SELECT EXISTS(SELECT 1 FROM household) OR EXISTS(SELECT 1 FROM street) "
                "OR EXISTS(SELECT 1 FROM account)"
            ).fetchone()[0]
        except sqlite3.Error:
            held = 0  # no tables yet
        finally:
            conn.close()
        if held:
            raise UserError(MSG_NOT_EMPTY, path=str(path))
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), ring_path]
    for file in files:
        file.unlink(missing_ok=True)
    key = new_key()
    try:
        summary = generate(
            path, seed=seed, persons=persons, today=today, progress=progress, key=key
        )
        ring = Keyring(ring_path)
        for username in NAMED_ACCOUNTS:
            ring.set_user(username, DEMO_PASSWORD, key)
        ring.save()
    except BaseException:
        forget_key(path)
        for file in files:
            with contextlib.suppress(OSError):
                file.unlink(missing_ok=True)
        raise
    return summary


# Tables whose secondary indexes are dropped for the load and rebuilt after it
# (in the same transaction): building an index once is faster than updating it
# for every row.
_BULK_TABLES = ("household", "person", "person_tag", "household_tag", "visit")


def _fill(
    conn: sqlite3.Connection,
    path: Path,
    device_id: str,
    stamp: str,
    seed: int,
    persons: int,
    today: date,
    say: Callable[[str], None],
) -> DemoSummary:
    held = conn.execute(
        "SELECT EXISTS(SELECT 1 FROM household) OR EXISTS(SELECT 1 FROM street) "
        "OR EXISTS(SELECT 1 FROM account)"
    ).fetchone()[0]
    if held:
        raise UserError(MSG_NOT_EMPTY, path=str(path))
    from luzsong_grid import search

    catalogs = load_catalogs()
    conn.isolation_level = None  # explicit BEGIN/COMMIT below
    # Speed-ups for this bulk load only, restored below: no fsync, no
    # foreign-key lookups (the rows are consistent by construction), and the
    # rollback journal in memory instead of the WAL (which would write the
    # whole new database twice). The pragma keeps WAL if another connection
    # has the file open.
    journal = str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    conn.execute("PRAGMA journal_mode=MEMORY")
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-131072")  # 128 MiB
    conn.execute("BEGIN IMMEDIATE")
    try:
        marks = ", ".join("?" for _ in _BULK_TABLES)
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks}) ORDER BY name",
            _BULK_TABLES,
        ).fetchall()
        for name, _sql in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        gen = _Gen(conn, random.Random(seed), today, catalogs, say)
        say(translate("core", MSG_TERRITORY))
        gen.territory()
        gen.accounts()
        gen.people(persons)
        say(translate("core", MSG_VISITS))
        gen.visits()
        say(translate("core", MSG_WORK))
        gen.services()
        gen.disputes()
        gen.events()
        for _name, sql in indexes:
            conn.execute(sql)
        say(translate("core", MSG_SEARCH))
        summary = gen.summary
        summary.search_docs = search.rebuild_index(conn)
        changes = {**asdict(summary), "seed": seed, "today": today.isoformat()}
        conn.execute(
            "INSERT INTO audit_log(at, hlc, account_id, device_id, table_name, row_id, action, "
            "changes) VALUES (?, ?, '', ?, 'demo', '', 'demo', ?)",
            (
                datetime.now().replace(microsecond=0).isoformat(sep=" "),
                stamp,
                device_id,
                json.dumps(changes, ensure_ascii=False),
            ),
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA journal_mode={journal}")
    conn.execute("PRAGMA optimize")
    say(translate("core", MSG_DONE).format(households=summary.households, persons=summary.persons))
    return summary
