"""The page in the visitor's language: English, or Korean when the browser prefers it.

Text fixed when the page is built (labels, help, captions) goes to the browser as gr.I18n keys
and the browser picks the language, with no round trip. Text made for one request (status lines,
toasts, errors) is written on the server in the language of the request's Accept-Language header,
which the browser sets from the same preference; API clients that send none get English.
The texts themselves are in webapp/texts.py.

A message made for one request is a code with fields (styler.messages.Message): an engine's error
or remark, this server's refusal, a status line. `render` writes it in a language from the
template of its code in that language (the engine's English in styler.messages, its Korean in
texts.ENGINE_KO; the page's own codes in texts.MESSAGES, both languages), filling in its fields:
a field that is a message itself is written in the same language, an image's `role` and a
setting's name (`param`) in the language's words, anything else as it is. Rewording a message
is a change to its template, in each language; its code and fields tie the two together.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

import gradio as gr
from gradio.i18n import I18nData

from styler import messages
from styler.figures import CAPTIONS
from styler.messages import Message
from styler.params import PARAMS, STYLE_STRENGTH
from styler.video import VIDEO_PARAMS

from .texts import (CAPTIONS_KO, ENGINE_KO, EXAMPLE_CAPTIONS_KO, FIELDS_KO, MESSAGES, PARAMS_KO, ROLES_KO, STATIC,
                    VIDEO_PARAMS_TEXT)

LANGUAGES = ("en", "ko")
DEFAULT = "en"

# The page's own codes read in English wherever they are raised (str() of a StylerError).
messages.register({code: english for code, (english, _) in MESSAGES.items()})

def text(key: str) -> Any:
    """A static text's key for the browser to translate (gr.I18n)."""
    if key not in STATIC:
        raise KeyError(f"no text {key!r} in webapp/texts.py")
    return I18nData(key)


def server_text(key: str) -> Any:
    """The key of a static text written for this server (a parameter's help with this server's
    bounds, the time budgets it offers), for the browser to translate. Its two languages come
    from the function that writes them (`controls.server_texts`, `figures_tab.server_texts`),
    which the page's catalogue reads: a test checks that every key the page uses is there."""
    return I18nData(key)


def catalogue(*server_texts: dict[str, tuple[str, str]]) -> gr.I18n:
    """Every static text in every language, for `launch(i18n=...)`: STATIC and these tables
    (key -> (English, Korean))."""
    table = {**STATIC}
    for texts in server_texts:
        table.update(texts)
    return gr.I18n(**{lang: {key: pair[i] for key, pair in table.items()} for i, lang in enumerate(LANGUAGES)})


def _spec(name: str):
    return STYLE_STRENGTH if name == "style_strength" else PARAMS[name]


def param_label(name: str) -> tuple[str, str]:
    """A parameter's label in English (styler.params) and Korean (also the page's style_strength)."""
    return _spec(name).label, PARAMS_KO[name][0]


def video_label(name: str) -> tuple[str, str]:
    """A Video tab setting's label in English and Korean (a clip's own setting: its English from
    styler.video.VIDEO_PARAMS; the size and budget: as a clip has them, both from texts.py)."""
    clip_text, own = VIDEO_PARAMS_TEXT[name]
    return (VIDEO_PARAMS[name].label, own[0]) if clip_text is None else clip_text


def video_help(name: str) -> tuple[str, str]:
    clip_text, own = VIDEO_PARAMS_TEXT[name]
    return (VIDEO_PARAMS[name].help, own[1]) if clip_text is None else own


def param_help(name: str) -> tuple[str, str]:
    return _spec(name).help, PARAMS_KO[name][1]


def caption(figure: str) -> tuple[str, str]:
    """A "How it works" figure's caption in English (styler.figures) and Korean."""
    return CAPTIONS[figure], CAPTIONS_KO[figure]


def example_caption(file_name: str, english: str, lang: str) -> str:
    """An example image's caption in `lang` (English from examples/SOURCES.md)."""
    return EXAMPLE_CAPTIONS_KO.get(file_name, english) if lang == "ko" else english


def language(request: Any) -> str:
    """The request's language: the first of its Accept-Language tags that the page speaks."""
    headers = getattr(request, "headers", None)
    header = ""
    if headers is not None:
        try:
            header = headers.get("accept-language") or ""
        except Exception:  # a request object without dict-like headers
            header = ""
    return _preferred(str(header))


@lru_cache(maxsize=256)
def _preferred(header: str) -> str:
    ranked = []
    for position, item in enumerate(header.split(",")):
        tag, _, rest = item.strip().partition(";")
        quality = 1.0
        found = re.search(r"q=([0-9.]+)", rest)
        if found:
            try:
                quality = float(found.group(1))
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip().lower().split("-")[0]))
    for _, _, primary in sorted(ranked):
        if primary in LANGUAGES:
            return primary
    return DEFAULT


def pair(key: str) -> tuple[str, str]:
    """A text's English and Korean."""
    return MESSAGES.get(key) or STATIC[key]


def say(lang: str, key: str, **values: Any) -> str:
    """A text in `lang` (a server-made message, or a static text sent again), its fields filled in."""
    return render(Message(key, values), lang)


def template(code: str, lang: str) -> str:
    """The template of a message's code in `lang` (KeyError for a code no table holds)."""
    if code in messages.ENGLISH:
        return ENGINE_KO[code] if lang == "ko" else messages.ENGLISH[code]
    english, korean = pair(code)
    return korean if lang == "ko" else english


def render(message: Message, lang: str) -> str:
    """A message (an engine's or this server's) in `lang`."""
    return messages.render(message, lambda code: template(code, lang), lambda name, value: _term(name, value, lang))


def _term(name: str, value: Any, lang: str) -> Any:
    if lang != "ko" or not isinstance(value, str):
        return value
    if name == "role":
        return ROLES_KO.get(value, value)
    if name == "param":
        return _param_ko(value)
    return value


def _param_ko(name: str) -> str:
    if name in PARAMS or name == "style_strength":
        return param_label(name)[1]
    if name in VIDEO_PARAMS:
        return video_label(name)[1]
    return FIELDS_KO.get(name, name)


def span(seconds: float | None) -> Message:
    """A duration as a message: 15 s, 2 min, 1 min 30 s, 2 h 5 min (in Korean 15초, 2분 ...), rounded
    for people."""
    if seconds is None or not math.isfinite(seconds):
        return Message("unknown_duration")
    seconds = max(0, round(seconds))
    if seconds < 60:
        return Message("s", {"s": seconds})
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return Message("min_s", {"m": minutes, "s": secs}) if secs else Message("min", {"m": minutes})
    hours, minutes = divmod(minutes, 60)
    return Message("h_min", {"h": hours, "m": minutes}) if minutes else Message("h", {"h": hours})


def duration(seconds: float | None, lang: str = DEFAULT) -> str:
    return render(span(seconds), lang)


__all__ = ["DEFAULT", "LANGUAGES", "caption", "catalogue", "duration", "example_caption", "language", "pair",
           "param_help", "param_label", "render", "say", "server_text", "span", "template", "text"]
