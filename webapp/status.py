"""The status line a person reads under the result, in their language: a sentence with the key
figure first (the time left while running), then the details on a smaller line."""
from __future__ import annotations

import math
from typing import Any

from styler.params import LOSS_TERMS, TOTAL

from . import controls, i18n, policy
from .streaming import AT_LIMIT, STOPPED

RUNNING, DONE = "running", "done"


def losses(values: dict[str, float], lang: str) -> str:
    """"loss 1.2e+05 (content 3e+04, style 9e+04)": the terms that count, in the objective's order."""
    parts = [i18n.say(lang, f"loss.{term}", value=f"{values[term]:.3g}") for term in LOSS_TERMS if values.get(term)]
    total = f"{values.get(TOTAL, math.nan):.3g}"
    return i18n.say(lang, "loss.parts", total=total, parts=", ".join(parts)) if parts else i18n.say(lang, "loss",
                                                                                                       total=total)


def state_word(state: str, lang: str) -> str:
    if state == AT_LIMIT:
        return i18n.say(lang, "state.limit", limit=i18n.duration(policy.server().max_seconds, lang))
    return i18n.say(lang, {STOPPED: "state.Stopped", DONE: "state.Done"}.get(state, "state.Stylising"))


def line(progress: Any, lang: str, state: str = RUNNING) -> str:
    """The status of a run at `progress`: running (time left first), stopped, at the limit, or done."""
    where = i18n.render(progress.stage, lang)  # the engine's message, in the visitor's language
    elapsed = i18n.duration(progress.elapsed, lang)
    if state == RUNNING and not progress.done and progress.eta is not None:
        headline = i18n.say(lang, "left", left=i18n.duration(progress.eta, lang), stage=where)
    else:
        headline = i18n.say(lang, "after", state=state_word(DONE if progress.done else state, lang), elapsed=elapsed,
                            stage=where)
    about = progress.budget and not progress.done
    count = i18n.say(lang, "count.about" if about else "count", iteration=progress.iteration, total=progress.total)
    details = [count, losses(progress.losses, lang), i18n.say(lang, "elapsed", elapsed=elapsed)]
    if getattr(progress, "content_weight", 0) and getattr(progress, "style_weight", 0):
        # the alpha/beta this run uses now: the balance may have corrected the slider's for this painting
        details.append(controls.ratio_text(progress.content_weight, progress.style_weight))
    if progress.device:
        details.append(i18n.say(lang, "on_device", device=progress.device))
    return f"{headline}\n\n<small>{' · '.join(details)}</small>"


__all__ = ["DONE", "RUNNING", "line", "losses", "state_word"]
