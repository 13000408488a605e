"""Palladius, Russian renderings of Korean names, Wade-Giles, and their use in `lookup`."""

from __future__ import annotations

import pytest

from cablegraph.resolve import Authority, Entity, Name, romanize
from cablegraph.resolve.korean_ru import to_english
from cablegraph.resolve.palladius import PALLADIUS_TO_PINYIN, PINYIN_TO_PALLADIUS, to_palladius, to_pinyin
from cablegraph.resolve.wade_giles import candidates
from cablegraph.resolve.wade_giles import to_pinyin as wg_to_pinyin

PALLADIUS = {
    "Ли Кэнун": "Li Kenong",
    "Пэн Дэхуай": "Peng Dehuai",
    "Чжоу Эньлай": "Zhou Enlai",
    "Гао Ган": "Gao Gang",
    "Мао Цзэдун": "Mao Zedong",
    "Дэн Сяопин": "Deng Xiaoping",
    "Лю Шаоци": "Liu Shaoqi",
    "У Сюцюань": "Wu Xiuquan",
    "Цяо Гуаньхуа": "Qiao Guanhua",
    "Не Жунчжэнь": "Nie Rongzhen",
    "Се Фан": "Xie Fang",
    "Ли Кэ-нун": "Li Kenong",
    "Сюй Сянцянь": "Xu Xiangqian",
    "Хуан Хуа": "Huang Hua",
    "Цзян Цзинго": "Jiang Jingguo",
}


@pytest.mark.parametrize(("cyrillic", "pinyin"), PALLADIUS.items())
def test_palladius_to_pinyin(cyrillic: str, pinyin: str) -> None:
    assert to_pinyin(cyrillic) == pinyin


@pytest.mark.parametrize(("cyrillic", "pinyin"), [(c, p) for c, p in PALLADIUS.items() if "-" not in c])
def test_pinyin_to_palladius_round_trips(cyrillic: str, pinyin: str) -> None:
    assert to_palladius(pinyin) == cyrillic


def test_palladius_table_is_one_to_one() -> None:
    assert len(PINYIN_TO_PALLADIUS) == len(PALLADIUS_TO_PINYIN) > 400
    assert PINYIN_TO_PALLADIUS["hui"] == "хуэй" and PINYIN_TO_PALLADIUS["ju"] == "цзюй"
    assert PINYIN_TO_PALLADIUS["zi"] == "цзы" and PINYIN_TO_PALLADIUS["xi"] == "си"


@pytest.mark.parametrize("name", ["Сталин", "Ким Ир Сен", "Пак Хен Ен", "Риджуэй", "Вышинский"])
def test_palladius_leaves_other_names_alone(name: str) -> None:
    assert to_pinyin(name) is None


@pytest.mark.parametrize(
    ("russian", "english"),
    [
        ("Ким Ир Сен", "Kim Il Sung"),
        ("Ким Ир Сеном", "Kim Il Sung"),
        ("Пак Хен Ен", "Pak Hon Yong"),
        ("Нам Ир", "Nam Il"),
        ("Чве Ен Гон", "Choe Yong Gon"),
        ("Ким Ду Бон", "Kim Tu Bong"),
        ("Ким Чхэк", "Kim Chaek"),
        ("Му Чен", "Mu Chong"),
    ],
)
def test_korean_ru(russian: str, english: str) -> None:
    assert to_english(russian) == english


@pytest.mark.parametrize("name", ["Сталин", "Громыко", "Разуваев"])
def test_korean_ru_leaves_russian_names_alone(name: str) -> None:
    assert to_english(name) is None


@pytest.mark.parametrize(
    ("wade_giles", "pinyin"),
    [
        ("Chou En-lai", "Zhou Enlai"),
        ("Peng Teh-huai", "Peng Dehuai"),
        ("Mao Tse-tung", "Mao Zedong"),
        ("Liu Shao-ch'i", "Liu Shaoqi"),
        ("Teng Hsiao-p'ing", "Deng Xiaoping"),
        ("Chu Teh", "Zhu De"),
        ("Li K'o-nung", "Li Kenong"),
        ("Ch'iao Kuan-hua", "Qiao Guanhua"),
        ("Nieh Jung-chen", "Nie Rongzhen"),
        ("Hsieh Fang", "Xie Fang"),
        ("Kuo Mo-jo", "Guo Moruo"),
    ],
)
def test_wade_giles(wade_giles: str, pinyin: str) -> None:
    assert wg_to_pinyin(wade_giles) == pinyin


def test_wade_giles_keeps_every_reading_without_apostrophes() -> None:
    assert "Gao Gang" in candidates("Kao Kang")
    assert wg_to_pinyin("Chiang Kai-shek") is None  # Cantonese "shek": no pinyin reading


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ли Кэнун", "Li Kenong"),
        ("Пак Хен Ен", "Pak Hon Yong"),
        ("Chou En-lai", "Zhou Enlai"),
        ("Peng Teh-huai", "Peng Dehuai"),
        ("Araushkin", None),
        ("Dean Rusk", None),
        ("Сталин", None),
        ("Lie", None),
    ],
)
def test_romanize(name: str, expected: str | None) -> None:
    assert romanize(name) == expected


def _bare(entity_id: str, name: str) -> Entity:
    return Entity(entity_id, "person", name, (Name(name.split()[-1], "en", "Latn", "surname"),))


@pytest.fixture(scope="module")
def bare() -> Authority:
    """An authority that knows only the pinyin / English names: the fallbacks must do the rest."""
    return Authority(
        [
            _bare("person:li-kenong", "Li Kenong"),
            _bare("person:zhou-enlai", "Zhou Enlai"),
            _bare("person:kim-il-sung", "Kim Il Sung"),
            _bare("person:pak-hon-yong", "Pak Hon Yong"),
        ]
    )


@pytest.mark.parametrize(
    ("written", "entity_id", "rule"),
    [
        ("Ли Кэнун", "person:li-kenong", "palladius"),
        ("тов. Ли Кэнун", "person:li-kenong", "palladius"),
        ("Chou En-lai", "person:zhou-enlai", "wade_giles"),
        ("Ким Ир Сен", "person:kim-il-sung", "korean_ru"),
        ("Пак Хен Ен", "person:pak-hon-yong", "korean_ru"),
    ],
)
def test_lookup_falls_back_to_transliteration(
    bare: Authority, written: str, entity_id: str, rule: str
) -> None:
    found = bare.lookup(written)
    assert found is not None and (found.entity.id, found.rule) == (entity_id, rule)
    assert found.confidence <= 0.8
    assert written.endswith(found.as_written)


def test_lookup_fallback_returns_none_for_unknown_names(bare: Authority) -> None:
    assert bare.lookup("Пэн Дэхуай") is None
    assert romanize("Пэн Дэхуай") == "Peng Dehuai"
