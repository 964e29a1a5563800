"""The page in English and Korean (webapp/i18n.py, webapp/texts.py): every text in both languages
with the same fields, the language a request asks for, and the engine's messages in Korean as a
visitor causes them."""
from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from styler import InvalidParameter, StyleParams, StylerError, load_image, messages
from styler.figures import CAPTIONS
from styler.images import FORMATS_TEXT
from styler.params import PARAMS
from gradio.i18n import I18nData

from webapp import i18n, texts

pytestmark = pytest.mark.unit

HANGUL = re.compile(r"[\uac00-\ud7a3]")
ROOT = Path(__file__).resolve().parent.parent


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("table", ["STATIC", "MESSAGES"])
def test_every_text_has_both_languages_with_the_same_fields(table):
    for key, (english, korean) in getattr(texts, table).items():
        assert english.strip() and korean.strip(), key
        assert _fields(english) == _fields(korean), key
        if re.search("[a-z]{3}", re.sub(r"\{\w+\}|<[^>]+>", "", english)):  # words, not just fields ("{s} s")
            assert HANGUL.search(korean), f"{key}: {korean!r} is not Korean"


def test_every_parameter_caption_and_example_has_its_korean():
    assert set(texts.PARAMS_KO) == {*PARAMS, "style_strength"}
    assert set(texts.CAPTIONS_KO) == set(CAPTIONS)
    from webapp import gallery

    examples = [*gallery.photos(), *gallery.paintings()]
    assert set(texts.EXAMPLE_CAPTIONS_KO) == {e.path.name for e in examples}
    assert all(HANGUL.search(caption) for caption in texts.EXAMPLE_CAPTIONS_KO.values())
    for name in texts.PARAMS_KO:
        assert all(HANGUL.search(text) for text in (i18n.param_label(name)[1], i18n.param_help(name)[1])), name


def _sample(template: str) -> dict:
    """A value for each of a template's fields, one that its format spec takes ({m:02d})."""
    return {name: 7 if spec else f"<{name}>" for _, name, spec, _ in string.Formatter().parse(template) if name}


def test_every_message_code_has_english_and_korean_with_the_same_fields():
    engine_codes = set(messages.ENGLISH)
    assert set(texts.ENGINE_KO) == engine_codes, "ENGINE_KO has the engine's codes, no more, no fewer"
    assert set(messages.codes()) == engine_codes | set(texts.MESSAGES)  # the page's own codes read in English too
    for code in messages.codes():
        english, korean = i18n.template(code, "en"), i18n.template(code, "ko")
        assert english == messages.english_template(code), code
        assert _fields(english) == _fields(korean), code
        if re.search("[a-z]{3}", re.sub(r"\{[^}]*\}|<[^>]+>", "", english)):  # words, not just fields ("{s} s")
            assert HANGUL.search(korean) or korean == english.replace(" or ", " 또는 "), f"{code}: {korean!r}"
        values = _sample(english)
        message = messages.Message(code, values)
        written = {lang: i18n.render(message, lang) for lang in i18n.LANGUAGES}
        assert written["en"] == messages.english(message) == english.format(**values), code
        assert written["ko"] == korean.format(**values), code
        assert all(f"<{name}>" in text for name, value in values.items() if value != 7 for text in written.values())


def _constant(node: ast.expr):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def test_every_code_the_project_uses_has_its_templates():
    """Each StylerError, InvalidParameter and message made with a literal code names a code with
    both templates (found in the source, so that a code nothing runs in the tests is checked too)."""
    known, used = set(messages.codes()) | set(texts.STATIC), set()
    position = {"InvalidParameter": 1, "about": 1, "say": 1}  # (field, code, ...), say(lang, key, ...)
    makers = {"StylerError", "ImageError", "VideoError", "DeviceError", "WeightsError", "message", "Message",
              *position}
    for path in [*ROOT.joinpath("styler").glob("*.py"), *ROOT.joinpath("webapp").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            index = position.get(name, 0)
            if name in makers and len(node.args) > index and (code := _constant(node.args[index])):
                used.add(code)
                assert code in known, f"{path.name}: {code!r} has no template"
    assert {"param.invalid", "image.unreadable", "clip.too_long", "limit.seconds", "upload.no_image"} <= used


def test_the_language_follows_the_browsers_preference():
    class Request:
        def __init__(self, header):
            self.headers = {"accept-language": header}

    assert i18n.language(Request("ko-KR,ko;q=0.9,en-US;q=0.8")) == "ko"
    assert i18n.language(Request("en-US,en;q=0.9,ko;q=0.8")) == "en"
    assert i18n.language(Request("fr-FR,fr;q=0.9,ko;q=0.5,en;q=0.3")) == "ko"  # the first the page speaks
    assert i18n.language(Request("de;q=0.5,ko;q=0.1,en;q=0.9")) == "en"
    assert i18n.language(Request("")) == "en" and i18n.language(None) == "en"  # API clients: English


def _error(make) -> StylerError:
    try:
        make()
    except StylerError as exc:
        return exc
    raise AssertionError("no error")


@pytest.mark.parametrize("make, english, korean", [
    (lambda: StyleParams(size=5), "size: 5 is out of range; allowed 32 to 4096",
     "출력 크기 (px): 범위를 벗어난 값입니다: 5 (허용 범위 32~4096)"),
    (lambda: StyleParams.from_dict({"iterations": "many"}), "iterations: expected a number (allowed 1 to 10000), got",
     "반복 횟수: 숫자여야 합니다 (허용 범위 1~10000)."),
    (lambda: StyleParams(style_layers="conv9_1"), "style_layers: unknown layer 'conv9_1'", "스타일 층: 알 수 없는 층 'conv9_1'."),
    (lambda: StyleParams(style_blend="a,b"), "style_blend: expected numbers separated by commas",
     "스타일 혼합: 쉼표로 구분한 숫자여야 합니다."),
    (lambda: StyleParams(pooling="median"), "pooling: unknown value 'median'", "풀링: 알 수 없는 값 'median'."),
    (lambda: StyleParams(content_weight=0, style_weight=0, tv_weight=0), "style_weight: content, style and TV weights",
     "스타일 가중치 (beta): 콘텐츠, 스타일, TV"),
    (lambda: load_image(b"", "style"), "Could not read the style image: the file is empty.",
     "스타일 그림: 읽을 수 없습니다. 빈 파일입니다."),
    (lambda: load_image(b"%PDF-1.7 ...", "content"), "Could not read the content image: it is a PDF document",
     "콘텐츠 사진: 읽을 수 없습니다. 이미지가 아니라 PDF 문서입니다."),
    (lambda: load_image(b"<!doctype html><html>", "mask"), "Could not read the mask image: it is a web page (HTML)",
     "마스크: 읽을 수 없습니다. 이미지가 아니라 웹 페이지(HTML)입니다."),
    (lambda: load_image(b"plain words", "style #2"),
     f"Could not read the style #2 image: it is a text file, not an image. Please use a {FORMATS_TEXT} file.",
     "스타일 그림 2: 읽을 수 없습니다. 이미지가 아니라 텍스트 파일입니다. JPEG, PNG, WebP, GIF, BMP 또는 TIFF 파일을"),
])
def test_the_engines_messages_read_in_english_and_korean(make, english, korean):
    error = _error(make)
    assert str(error).startswith(english)
    assert i18n.render(error.message, "en") == str(error)
    written = i18n.render(error.message, "ko")
    assert written.startswith(korean), (str(error), written)
    assert not re.search(r"\b(the|is|must|expected|choose|could)\b", written), written  # no English left


def test_the_servers_limits_read_in_both_languages():
    refused = InvalidParameter("seconds", "limit.seconds", limit=i18n.span(120), asked=i18n.span(330))
    assert str(refused) == "seconds: this server gives a run at most 2 min; 5 min 30 s was asked for"
    assert i18n.render(refused.message, "ko") == "제한 시간 (초): 이 서버에서 실행 하나의 최대 시간은 2분입니다 (요청: 5분 30초)"
    slow = InvalidParameter("iterations", "limit.iterations", count=10000, size=512, estimate=i18n.span(18180),
                            device="CPU", limit=i18n.span(120), fits=66)
    assert str(slow) == (
        "iterations: 10000 iterations at 512 px would take about 5 h 3 min on this server's CPU, and a run may "
        "take at most 2 min: choose a time budget (seconds), or at most 66 iterations")
    assert i18n.render(slow.message, "ko") == (
        "반복 횟수: 512 px에서 10000회 반복하면 이 서버의 CPU에서 약 5시간 3분 걸리는데, 실행 하나는 최대 2분까지입니다. "
        "제한 시간을 고르거나 반복을 66회 이하로 하세요")
    clip = InvalidParameter("max_seconds", "limit.clip_seconds", limit="4", asked="9")
    assert i18n.render(clip.message, "ko").startswith("가장 긴 부분 (초): ")  # a clip's own setting by its label


def test_a_message_pickles_and_an_error_keeps_its_code():
    """RunFailed crosses ZeroGPU's process boundary: plain data, read again in either language."""
    import pickle

    from webapp import gpu

    error = _error(lambda: load_image(b"GIF89a broken", "style"))
    failed = pickle.loads(pickle.dumps(gpu.RunFailed.of(error)))
    assert failed.code == "image.unreadable" and failed.last_image is None
    assert i18n.render(failed.message, "en") == str(error)
    assert i18n.render(failed.message, "ko") == "스타일 그림: 읽을 수 없습니다. GIF 파일이 손상되었거나 불완전합니다."
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error) and again.message == error.message and str(again) == str(error)


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
