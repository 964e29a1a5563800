"""The page in English and Korean (webapp/i18n.py, webapp/texts.py): every text in both languages
with the same fields, the language a request asks for, and the engine's messages in Korean as a
visitor causes them."""
from __future__ import annotations

import json
import re
import string

import pytest

from styler import StyleParams, load_image
from styler.figures import CAPTIONS
from styler.images import FORMATS_TEXT
from styler.params import PARAMS
from gradio.i18n import I18nData

from webapp import i18n, texts

pytestmark = pytest.mark.unit

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("table", ["STATIC", "MESSAGES"])
def test_every_text_has_both_languages_with_the_same_fields(table):
    for key, (english, korean) in getattr(texts, table).items():
        assert english.strip() and korean.strip(), key
        assert _fields(english) == _fields(korean), key
        if re.search("[a-z]{3}", re.sub(r"\{\w+\}|<[^>]+>", "", english)):  # words, not just fields ("{s} s")
            assert HANGUL.search(korean), f"{key}: {korean!r} is not Korean"


def test_every_parameter_caption_and_engine_message_has_its_korean():
    assert set(texts.PARAMS_KO) == {*PARAMS, "style_strength"}
    assert set(texts.CAPTIONS_KO) == set(CAPTIONS)
    from webapp import gallery

    examples = [*gallery.photos(), *gallery.paintings()]
    assert set(texts.EXAMPLE_CAPTIONS_KO) == {e.path.name for e in examples}
    assert all(HANGUL.search(caption) for caption in texts.EXAMPLE_CAPTIONS_KO.values())
    for name in texts.PARAMS_KO:
        assert all(HANGUL.search(text) for text in (i18n.param_label(name)[1], i18n.param_help(name)[1])), name
    for english, korean in texts.ENGINE_TEXTS:
        assert _fields(korean) <= _fields(english), english  # the Korean may leave a detail out
        assert HANGUL.search(korean) or korean == english.replace(" or ", " 또는 "), english


def test_the_language_follows_the_browsers_preference():
    class Request:
        def __init__(self, header):
            self.headers = {"accept-language": header}

    assert i18n.language(Request("ko-KR,ko;q=0.9,en-US;q=0.8")) == "ko"
    assert i18n.language(Request("en-US,en;q=0.9,ko;q=0.8")) == "en"
    assert i18n.language(Request("fr-FR,fr;q=0.9,ko;q=0.5,en;q=0.3")) == "ko"  # the first the page speaks
    assert i18n.language(Request("de;q=0.5,ko;q=0.1,en;q=0.9")) == "en"
    assert i18n.language(Request("")) == "en" and i18n.language(None) == "en"  # API clients: English


def _message(make) -> str:
    try:
        make()
    except ValueError as exc:
        return str(exc)
    raise AssertionError("no error")


@pytest.mark.parametrize("make, korean", [
    (lambda: StyleParams(size=5), "출력 크기 (px): 범위를 벗어난 값입니다: 5 (허용 범위 32~4096)"),
    (lambda: StyleParams.from_dict({"iterations": "many"}), "반복 횟수: 숫자여야 합니다 (허용 범위 1~10000)."),
    (lambda: StyleParams(style_layers="conv9_1"), "스타일 층: 알 수 없는 층 'conv9_1'."),
    (lambda: StyleParams(style_blend="a,b"), "스타일 혼합: 쉼표로 구분한 숫자여야 합니다."),
    (lambda: StyleParams(pooling="median"), "풀링: 알 수 없는 값 'median'."),
    (lambda: StyleParams(content_weight=0, style_weight=0, tv_weight=0), "스타일 가중치 (beta): 콘텐츠, 스타일, TV"),
    (lambda: load_image(b"", "style"), "스타일 그림: 읽을 수 없습니다. 빈 파일입니다."),
    (lambda: load_image(b"%PDF-1.7 ...", "content"), "콘텐츠 사진: 읽을 수 없습니다. 이미지가 아니라 PDF 문서입니다."),
    (lambda: load_image(b"<!doctype html><html>", "mask"), "마스크: 읽을 수 없습니다. 이미지가 아니라 웹 페이지(HTML)입니다."),
])
def test_the_engines_messages_read_in_korean(make, korean):
    english = _message(make)
    translated = i18n.translate(english, "ko")
    assert translated.startswith(korean), (english, translated)
    assert i18n.translate(english, "en") == english
    assert not re.search(r"\b(the|is|must|expected|choose|could)\b", translated), translated  # no English left


def test_the_servers_limits_read_in_korean():
    assert i18n.translate("seconds: this server gives a run at most 2 min; 5 min 30 s was asked for", "ko") == \
        "제한 시간 (초): 이 서버에서 실행 하나의 최대 시간은 2분입니다 (요청: 5분 30초)"
    assert i18n.translate(
        "iterations: 10000 iterations at 512 px would take about 5 h 3 min on this server's CPU, and a run may "
        "take at most 2 min: choose a time budget (seconds), or at most 66 iterations", "ko") == (
        "반복 횟수: 512 px에서 10000회 반복하면 이 서버의 CPU에서 약 5시간 3분 걸리는데, 실행 하나는 최대 2분까지입니다. "
        "제한 시간을 고르거나 반복을 66회 이하로 하세요")
    assert i18n.translate(f"Please use a {FORMATS_TEXT} file.", "ko") == f"Please use a {FORMATS_TEXT} file."
    assert "또는" in i18n.translate(FORMATS_TEXT, "ko")
    assert i18n.translate("Something no table knows.", "ko") == "Something no table knows."  # kept as it is


def test_durations_in_both_languages():
    assert [i18n.duration(s) for s in (9.6, 60, 90, 7500)] == ["10 s", "1 min", "1 min 30 s", "2 h 5 min"]
    assert [i18n.duration(s, "ko") for s in (9.6, 60, 90, 7500)] == ["10초", "1분", "1분 30초", "2시간 5분"]


def _text_keys(value, found: set) -> set:
    """The keys of every text for the browser to translate in a page's config."""
    if isinstance(value, I18nData):
        found.add(value.key)
    elif isinstance(value, dict):
        if value.get("__type__") == "translation_metadata":
            found.add(value["key"])
        for item in value.values():
            _text_keys(item, found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _text_keys(item, found)
    elif isinstance(value, str) and value.startswith("__i18n__"):
        found.add(json.loads(value[len("__i18n__"):])["key"])
    return found


def test_the_catalogue_holds_every_text_the_page_uses():
    from webapp import layout

    demo = layout.build_demo(preload=False)
    table = layout.catalogue().translations
    used = _text_keys(demo.config, set())
    assert {"run", "param.size.label", "budget.60", "figures.caption.init"} <= used
    assert used <= table["en"].keys(), f"texts the page uses that the catalogue lacks: {used - table['en'].keys()}"
    assert set(table) == {"en", "ko"} and table["en"].keys() == table["ko"].keys()
    assert table["ko"]["param.size.label"] == "출력 크기 (px)" and table["en"]["run"] == "Run"
    assert table["ko"]["budget.60"] == "1분" and table["ko"]["param.size.info"].endswith("(32~1,024)")
