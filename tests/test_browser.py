"""The page in a real browser (headless Debian chromium via playwright): run, live previews,
Stop, presets, errors, and the phone layout. Screenshots go to artifacts/ (git-ignored).
"""
from __future__ import annotations

import os


import re
import shutil
import time
from pathlib import Path

import pytest

from helpers import ARTIFACTS, EXAMPLES, STYLE, patience, wait_until

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SECOND_STYLE = EXAMPLES / "painting_great_wave.jpg"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# Reference seconds a wait for the page to show a state may take. The page is another process
# that a busy machine starves more than this one (it redraws every streamed update), so these
# waits are long; each still ends as soon as the state is there.
UI = 30


def _ms(seconds: float) -> float:
    """A playwright timeout (milliseconds) for `seconds` on the reference machine."""
    return patience(seconds) * 1000


def _page_in(context):
    """A new page whose waits without a timeout of their own follow the machine's pace too."""
    page = context.new_page()
    page.set_default_timeout(_ms(30))
    return page


def _unavailable(reason: str):
    """Skip, unless the environment says the browser tests must run (CI sets STYLER_REQUIRE_BROWSER)."""
    if os.environ.get("STYLER_REQUIRE_BROWSER"):
        pytest.fail(f"STYLER_REQUIRE_BROWSER is set but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


if not CHROMIUM.exists() and not shutil.which("chromium"):
    _unavailable(f"{CHROMIUM} is not installed: the browser tests need Debian's chromium (apt-get install chromium)")
try:
    from playwright import sync_api
except ImportError:
    _unavailable("playwright is not installed (pip install playwright)")

from styler.params import PARAMS  # noqa: E402
from styler.presets import DEFAULT_PRESET, preset  # noqa: E402
from webapp import gpu, runs  # noqa: E402
from webapp.controls import ratio_text  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
                                    args=ARGS)
        yield browser
        browser.close()


def _new_page(browser, url):
    """A visitor's page (its own browser context), loaded and on the default preset."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = _page_in(context)
    page.goto(url, timeout=_ms(60))
    # The page (three tabs, the Video tab's components included) can take long to render on a busy
    # machine: wait for its first control with patience, not playwright's fixed default.
    page.wait_for_selector("#run", timeout=_ms(60))
    page.wait_for_selector("#param-size input", timeout=_ms(30))  # (rendered after Run, which comes first)
    # The page switches to the default preset on load; wait for it so later edits are not undone.
    wait_until(lambda: _value(page, "size") == str(preset(DEFAULT_PRESET).size), UI, what="the default preset")
    return context, page


@pytest.fixture
def page(browser, url):
    context, page = _new_page(browser, url)
    yield page
    context.close()


def _open_advanced(page) -> None:
    """Open the Advanced settings (if closed): iterations and the paper's knobs live there."""
    if not page.is_visible("#param-iterations input"):
        page.click("#advanced")
        page.wait_for_selector("#param-iterations input", state="visible")


def _reveal(page, name: str) -> None:
    if name in PARAMS and PARAMS[name].advanced:
        _open_advanced(page)


def _value(page, name: str) -> str:
    _reveal(page, name)
    return page.eval_on_selector(f"#param-{name.replace('_', '-')} input", "e => e.value")


def _budget(page) -> float:
    """The time budget radio's choice, in seconds."""
    return float(page.eval_on_selector("#param-seconds input:checked", "e => e.value"))


def _choose_budget(page, label: str) -> None:
    page.locator("#param-seconds label", has_text=label).click()


def _set(page, name: str, value) -> None:
    _reveal(page, name)
    box = page.locator(f"#param-{name.replace('_', '-')} input[type=number]")

    def taken() -> bool:
        # An update from an earlier event (a picked example, a budget choice) may still arrive and
        # overwrite the box: type the value again until it stays.
        if _value(page, name) == str(value):
            return True
        box.fill(str(value))
        box.press("Enter")
        return False

    wait_until(taken, UI, what=f"{name} = {value}")


def _choose_images(page) -> None:
    page.locator("#content-examples button.thumbnail-item").nth(1).click()  # from the gallery
    page.locator("#style-image input[type=file]").set_input_files(str(STYLE))  # an upload
    page.wait_for_selector("#content-image img")
    page.wait_for_selector("#style-image img")


def _status(page) -> str:
    return page.inner_text("#status").strip()


def _output_src(page) -> str | None:
    return page.evaluate("(document.querySelector('#output-image img') || {}).src || null")


def _run_enabled(page) -> bool:
    return page.is_enabled("#run") and page.is_disabled("#stop")


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.mouse.move(0, 0)  # no hover effects in the picture
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_page_has_title_intro_and_starts_on_the_default_preset(page):
    assert page.inner_text("#header h1").strip() == "Neural style transfer"
    assert "Gatys" in page.get_attribute("#header a", "href")
    expected = preset(DEFAULT_PRESET)
    assert _value(page, "size") == str(expected.size)
    assert _budget(page) == expected.seconds
    assert page.is_visible("#param-seconds") and not page.is_visible("#param-iterations")  # under Advanced
    assert _value(page, "iterations") == str(expected.iterations)
    labels = page.locator("#content-examples .caption-label").all_inner_texts()
    assert "Chelsea the cat" in labels, labels  # captions from examples/SOURCES.md
    _open_advanced(page)
    page.wait_for_selector("#param-content-weight input")
    invalid = page.evaluate("""[...document.querySelectorAll('[id^=param-] input')]
        .filter(i => !i.validity.valid).map(i => i.closest('[id^=param-]').id + '=' + i.value)""")
    assert not invalid, f"the browser flags these preset values as invalid (step/min/max): {invalid}"


def _record_output_pictures(page) -> None:
    """Keep every picture the output shows, in order, in `window.outputPictures`: the page
    records each change as it happens, however seldom a busy machine lets the test look."""
    page.evaluate("""() => {
        const pictures = window.outputPictures = [];
        const box = document.querySelector('#output-image');
        const note = () => {
            const img = box.querySelector('img');
            if (img && img.src && pictures[pictures.length - 1] !== img.src) pictures.push(img.src);
        };
        new MutationObserver(note).observe(box, {subtree: true, childList: true, attributes: true,
                                                 attributeFilter: ['src']});
        note();
    }""")


ITERATIONS = 24


def test_run_streams_previews_then_offers_the_results(page, monkeypatch):
    from webapp import runner

    monkeypatch.setattr(runner, "PREVIEW_EVERY", 0.0)  # every preview, however fast this machine runs
    _choose_images(page)
    _set(page, "size", 96)
    _set(page, "iterations", ITERATIONS)
    _open_advanced(page)  # preview_every lives in the Advanced accordion
    page.wait_for_selector("#param-preview-every input")
    _set(page, "preview_every", 2)
    _record_output_pictures(page)
    page.click("#run")

    deadline = time.monotonic() + patience(120)
    while not _status(page).startswith("Done"):
        assert time.monotonic() < deadline, f"run did not finish; status: {_status(page)}"
        time.sleep(0.1)
    wait_until(lambda: _output_src(page) and _output_src(page).endswith(".png") and "-as-" in _output_src(page),
               10, what="the final PNG")
    final = _output_src(page)
    seen = page.evaluate("window.outputPictures")
    intermediate = [s for s in seen if s != final and "-as-" not in s and s.endswith(".png")]
    assert len(intermediate) >= 2, f"expected the output to change during the run; saw {seen}"

    page.wait_for_selector("#results", state="visible", timeout=_ms(UI))
    assert page.locator("#png-file a").first.get_attribute("href").endswith(".png")
    wait_until(lambda: (page.get_attribute("#timelapse img", "src") or "").endswith(".gif"), UI, what="the GIF")
    assert page.locator("#compare img").count() == 2
    # A link to the page as it is, result included: the button says ✓ for a moment, then its label
    # again (recorded by the page as it changes: a busy machine may let the test look only after).
    page.evaluate("""() => {
        const button = document.querySelector('.share-link');
        const texts = window.shareTexts = [button.innerText];
        new MutationObserver(() => {
            if (texts[texts.length - 1] !== button.innerText) texts.push(button.innerText);
        }).observe(button, {subtree: true, childList: true, characterData: true});
    }""")
    page.click(".share-link")
    wait_until(lambda: any("✓" in t for t in page.evaluate("window.shareTexts")), 30, what="the share link")
    wait_until(lambda: "Share a link" in page.evaluate("window.shareTexts")[-1], 30,
               what="the button back to its label")
    assert _run_enabled(page)
    assert f"iteration {ITERATIONS}/{ITERATIONS}" in _status(page)
    # Shown sharp: at its own pixel size (96 px wide), not stretched over the frame.
    shown, natural = page.eval_on_selector("#output-image img", "i => [i.getBoundingClientRect().width, i.naturalWidth]")
    assert natural == 96 and abs(shown - natural) < 1, (shown, natural)
    _screenshot(page, "app_desktop.png")


def test_stop_ends_the_run_at_once_and_run_works_again(page, monkeypatch):
    asked: list[float] = []  # when the server heard Stop (a busy browser may send it late)
    request_stop = runs.request_stop
    monkeypatch.setattr(runs, "request_stop", lambda key: asked.append(time.monotonic()) or request_stop(key))
    _choose_images(page)
    _set(page, "size", 96)
    _set(page, "iterations", 3000)
    page.click("#run")
    wait_until(lambda: re.search(r"About \d+ s left", _status(page)) and _output_src(page), 90,
               what="the run to stream, saying how long is left")
    wait_until(lambda: page.is_enabled("#stop"), UI, what="Stop to be enabled")
    page.click("#stop")
    wait_until(lambda: asked, UI, what="the server to hear Stop")
    wait_until(lambda: runs.active() == 0, UI, what="the engine to stop")
    assert time.monotonic() - asked[0] < patience(5), "the engine stops at once"
    wait_until(lambda: _run_enabled(page) and _status(page).startswith("Stopped"), UI, what="the page to show Stopped")
    status, src = _status(page), _output_src(page)
    time.sleep(patience(1.5))
    assert _status(page) == status and _output_src(page) == src, "nothing changes after Stop"
    assert src, "the last iterate stays visible"
    _screenshot(page, "app_stopped.png")

    _set(page, "iterations", 3)
    page.click("#run")
    wait_until(lambda: _status(page).startswith("Done"), 60, what="a second run after Stop")


def _content_src(page) -> str | None:
    return page.evaluate("(document.querySelector('#content-image img') || {}).src || null")


def _wait_done(page, timeout: float, what: str) -> str:
    wait_until(lambda: _status(page).startswith("Done") and _run_enabled(page)
               and (_output_src(page) or "").endswith(".png"), timeout, what=what)
    return _output_src(page)


def _paint_region(page) -> None:
    page.click("#creative")  # the "second style / regions" accordion
    canvas = page.locator("#regions canvas").first
    canvas.wait_for()
    wait_until(lambda: page.evaluate("!!document.querySelector('#regions canvas')"), UI, what="the region editor")
    canvas.scroll_into_view_if_needed()
    page.locator("#regions button[aria-label=Brush]").click()
    box = canvas.bounding_box()
    x, y = box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 20):
        page.mouse.move(x + i * 5, y + (i % 3) * 4)
    page.mouse.up()


def test_regions_then_keep_going_from_the_result_and_use_it_as_content(page, monkeypatch):
    calls: list[dict] = []  # the engine's keyword inputs (mask, init_image), per run, as pictures
    engine = gpu.run_engine

    def spy(*args, **kwargs):
        calls.append({name: getattr(value, "image", value) for name, value in kwargs.items()})  # CheckedImage's picture
        return engine(*args, **kwargs)

    monkeypatch.setattr(gpu, "run_engine", spy)
    _choose_images(page)
    _paint_region(page)  # the painted stroke becomes the run's mask (white where painted)
    _set(page, "size", 64)
    _set(page, "iterations", 3)
    # The stroke's mask is made on the server, by an event the page cannot see (the mask component
    # is hidden): give it time even on a loaded machine (0.5 s was too short there).
    time.sleep(patience(2.0))
    page.click("#run")
    first = _wait_done(page, 90, "the first run")
    assert "iteration 3/3" in _status(page)
    mask = calls[-1].get("mask")
    assert mask is not None and mask.mode == "L" and mask.getextrema() == (0, 255), calls
    assert "init_image" not in calls[-1]
    _screenshot(page, "app_regions.png")

    _set(page, "iterations", 2)  # changed settings apply to the continued run
    page.click("#keep-going")
    wait_until(lambda: not _status(page).startswith("Done"), UI, what="the continued run to start")
    second = _wait_done(page, 90, "the continued run")
    assert second != first, "Keep going makes a new result"
    assert "iteration 2/2" in _status(page)
    start = calls[-1].get("init_image")
    assert start is not None and max(start.size) == 64, "Keep going starts from the 64 px result"
    _screenshot(page, "app_keep_going.png")

    before = _content_src(page)
    page.click("#use-result")
    wait_until(lambda: _content_src(page) and _content_src(page) != before, UI, what="the result as content")


def _text(page, name: str) -> str:
    selector = f"#param-{name.replace('_', '-')}"
    return page.eval_on_selector(f"{selector} textarea, {selector} input", "e => e.value")


def test_second_style_blend_survives_a_preset_and_reaches_the_engine(page, monkeypatch):
    calls: list[tuple] = []  # (styles, params) per run
    engine = gpu.run_engine

    def spy(content, style, params, **kwargs):
        calls.append((style, params))
        return engine(content, style, params, **kwargs)

    monkeypatch.setattr(gpu, "run_engine", spy)
    _choose_images(page)
    page.click("#creative")
    page.locator("#style2-image input[type=file]").set_input_files(str(SECOND_STYLE))
    page.wait_for_selector("#style2-image img")
    _open_advanced(page)
    wait_until(lambda: _text(page, "style_blend") == "0.5,0.5", UI, what="an equal blend once a second style is there")
    share = page.locator("#style2-blend input[type=number]")
    share.fill("0.3")
    share.press("Enter")
    wait_until(lambda: _text(page, "style_blend") == "0.7,0.3", UI, what="the blend from the slider")
    page.locator("#preset label", has_text="Fast preview").click()
    wait_until(lambda: _value(page, "size") == str(preset("Fast preview").size), UI, what="the preset")
    assert _text(page, "style_blend") == "0.7,0.3", "a preset keeps the blend"
    _set(page, "size", 64)
    _set(page, "iterations", 3)
    page.click("#run")
    _wait_done(page, 90, "the blended run")
    styles, params = calls[-1]
    assert isinstance(styles, list) and len(styles) == 2
    assert params.style_blend == "0.7,0.3"
    _screenshot(page, "app_two_styles.png")


def test_preset_sets_the_controls(page):
    page.locator("#preset label", has_text="Fast preview").click()
    fast = preset("Fast preview")
    wait_until(lambda: _value(page, "size") == str(fast.size), UI, what="the preset's size")
    assert _value(page, "iterations") == str(fast.iterations)
    strength = float(_value(page, "style_strength"))
    assert strength == pytest.approx(min(10.0, fast.style_strength), abs=0.01)
    # The strength slider and the raw content weight follow each other, the paper's alpha/beta beside them.
    _open_advanced(page)
    page.wait_for_selector("#param-content-weight input")
    _set(page, "style_strength", 4)
    stronger = fast.with_style_strength(4)
    wait_until(lambda: float(_value(page, "content_weight")) == pytest.approx(stronger.content_weight), UI,
               what="content weight from the strength slider")
    ratio = ratio_text(stronger.content_weight, stronger.style_weight)
    wait_until(lambda: ratio in page.inner_text("#strength-ratio"), UI, what="alpha/beta beside the slider")
    box = page.locator("#param-content-weight input")
    box.fill(str(fast.with_style_strength(2).content_weight))
    box.press("Enter")
    wait_until(lambda: _value(page, "style_strength") == "2", UI, what="strength from the content weight")
    _set(page, "size", 208)  # a hand-edited setting: no preset is selected any more
    wait_until(lambda: not page.is_checked("#preset input[value='Fast preview']"), UI, what="the preset to clear")


def test_missing_style_image_is_reported_and_run_stays_usable(page):
    page.locator("#content-examples button.thumbnail-item").first.click()
    page.wait_for_selector("#content-image img")
    page.click("#run")
    page.get_by_text(re.compile("No style image")).first.wait_for(timeout=_ms(UI))
    wait_until(lambda: _run_enabled(page), UI, what="Run to be usable again")


def test_dropping_a_result_png_restores_its_settings(page, tmp_path):
    from PIL import Image

    from styler import StyleParams
    from styler.metadata import save_png

    made = StyleParams(size=144, seconds=0, iterations=37, seed=4242, tv_weight=3.5)
    result = save_png(Image.open(STYLE).convert("RGB").resize((96, 64)), tmp_path / "result.png", made)
    page.locator("#content-image input[type=file]").set_input_files(str(result))
    wait_until(lambda: _value(page, "size") == "144", UI, what="the settings from the PNG")
    assert _value(page, "iterations") == "37" and _value(page, "seed") == "4242"
    assert _budget(page) == 0  # a run of exact iterations restores as one
    _open_advanced(page)
    page.wait_for_selector("#param-tv-weight input")
    assert _value(page, "tv_weight") == "3.5"
    page.get_by_text("Settings restored").first.wait_for(timeout=_ms(UI))

    # The same from the "Restore settings" upload in the Advanced section.
    other = save_png(Image.new("RGB", (64, 64)), tmp_path / "other.png", StyleParams(size=112, pooling="max"))
    page.locator("#restore input[type=file]").set_input_files(str(other))
    wait_until(lambda: _value(page, "size") == "112", UI, what="the settings from the second PNG")
    assert page.is_checked("#param-pooling input[value=max]")


def test_how_it_works_runs_a_figure_and_copies_a_panels_settings(page):
    _choose_images(page)  # the figures use the Stylise tab's photo and painting
    page.get_by_role("tab", name="How it works").click()
    page.wait_for_selector("#figures-init-run")
    assert "white noise" in page.inner_text("#figures-init-caption")  # the plain-language caption
    # Before it runs: the figure made ahead, and how long the live run will take here.
    thumbs = page.locator("#figures-init-gallery button.thumbnail-item")
    assert thumbs.count() == 3
    wait_until(lambda: "3 panels" in page.inner_text("#figures-init-status"), UI, what="the time estimate")
    assert "made ahead" in page.inner_text("#figures-init-status")
    for elem_id, value in (("figures-size", 48), ("figures-iterations", 3)):
        box = page.locator(f"#{elem_id} input[type=number]")
        box.fill(str(value))
        box.press("Enter")
    # The gallery fills in panel by panel: every change of its thumbnail count is recorded in the
    # page itself (polling from here can miss a panel that comes and goes between two looks).
    page.evaluate("""() => {
        const gallery = document.querySelector('#figures-init-gallery');
        const count = () => gallery.querySelectorAll('button.thumbnail-item').length;
        window.__thumbCounts = [count()];
        new MutationObserver(() => {
            const now = count();
            if (window.__thumbCounts[window.__thumbCounts.length - 1] !== now) window.__thumbCounts.push(now);
        }).observe(gallery, {childList: true, subtree: true});
    }""")
    page.click("#figures-init-run")
    deadline = time.monotonic() + patience(90)
    while not page.inner_text("#figures-init-status").strip().startswith("Done"):
        assert time.monotonic() < deadline, f"figure did not finish: {page.inner_text('#figures-init-status')}"
        time.sleep(0.05)
    wait_until(lambda: thumbs.count() == 3, UI, what="3 panels in the gallery")
    counts = page.evaluate("() => window.__thumbCounts")
    assert len(set(counts)) >= 2, f"the gallery should fill in as the panels run; saw counts {counts}"
    labels = page.locator("#figures-init-gallery .caption-label").all_inner_texts()
    assert labels == ["from noise", "from content", "from style"], labels
    assert page.is_enabled("#figures-init-run") and page.is_disabled("#figures-init-stop")
    _screenshot(page, "app_how_it_works.png")

    thumbs.nth(1).click()  # "from content"
    wait_until(lambda: "from content" in page.inner_text("#figures-init-selected"), UI, what="the selection")
    page.click("#figures-init-use")
    page.wait_for_selector("#run", state="visible", timeout=_ms(UI))  # back on the Stylise tab
    wait_until(lambda: _value(page, "size") == "48", UI, what="the panel's size in the main controls")
    assert _value(page, "iterations") == "3"
    _open_advanced(page)
    page.wait_for_selector("#param-init input")
    wait_until(lambda: page.is_checked("#param-init input[value=content]"), UI, what="init = content")


def test_stop_while_waiting_in_line_leaves_the_queue_at_once(page, browser, url):
    _choose_images(page)
    _set(page, "size", 96)
    page.click("#run")  # a 30 s run holds the only slot
    wait_until(lambda: "left" in _status(page), 60, what="the first visitor's run to start")
    context, other = _new_page(browser, url)
    try:
        _choose_images(other)
        _set(other, "size", 96)
        other.click("#run")
        wait_until(lambda: other.is_enabled("#stop"), UI, what="the second visitor's Stop")
        time.sleep(patience(0.5))  # in line behind the first run
        assert not other.is_enabled("#run")
        other.click("#stop")
        stopped = time.monotonic()
        wait_until(lambda: _run_enabled(other), UI, what="Run to be available again")
        assert time.monotonic() - stopped < patience(2)
        assert "left" in _status(page) and runs.active() == 1, "the first visitor's run goes on"
        time.sleep(patience(1.0))
        assert not _status(other).startswith(("Starting", "Stylising", "Done")), _status(other)
    finally:
        context.close()
    page.click("#stop")
    wait_until(lambda: _run_enabled(page) and runs.active() == 0, UI, what="the first run to stop")


def test_a_run_over_the_servers_limit_is_refused_and_run_stays_usable(page):
    _choose_images(page)
    _choose_budget(page, "exact iterations")
    _set(page, "iterations", 10000)
    page.click("#run")
    page.get_by_text(re.compile("iterations: 10000 iterations at .* would take about")).first.wait_for(timeout=_ms(UI))
    wait_until(lambda: _run_enabled(page), UI, what="Run to be usable again")
    assert runs.active() == 0
    _screenshot(page, "app_refused.png")


@pytest.mark.parametrize("width, height, phone", [(1366, 900, False), (390, 844, True)])
def test_run_is_on_the_first_screen_with_the_pictures(browser, url, width, height, phone):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone)
    page = _page_in(context)
    page.goto(url)
    page.wait_for_selector("#run")
    time.sleep(patience(0.5))  # the layout settles
    run, photo, painting = (page.locator(s).bounding_box() for s in ("#run", "#content-image", "#style-image"))
    assert run["y"] + run["height"] <= height, f"Run ends at {run['y'] + run['height']:.0f} px of {height}"
    for box in (photo, painting):  # the pictures are there too, above it
        assert box["y"] >= 0 and box["y"] + box["height"] <= run["y"]
    context.close()


def test_an_example_pair_shows_its_result_made_ahead_until_run(page):
    page.locator("#content-examples button.thumbnail-item").nth(1).click()
    page.locator("#style-examples button.thumbnail-item").nth(0).click()
    wait_until(lambda: _status(page).startswith("Example result"), UI, what="the example's result")
    wait_until(lambda: (_output_src(page) or "").endswith(".jpg"), UI, what="the made-ahead picture")
    page.wait_for_selector("#results", state="visible", timeout=_ms(UI))
    wait_until(lambda: (page.get_attribute("#timelapse img", "src") or "").endswith(".webp"), UI,
               what="its time-lapse")
    _screenshot(page, "app_example_result.png")
    _set(page, "size", 64)
    _set(page, "iterations", 2)
    page.click("#run")
    _wait_done(page, 90, "the visitor's own run")
    assert "-as-" in _output_src(page), "Run replaces the example with the visitor's own result"


def test_a_korean_browser_reads_the_page_in_korean(browser, url):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    page = _page_in(context)
    page.goto(url)
    page.wait_for_selector("#run")
    wait_until(lambda: page.inner_text("#run").strip() == "실행", UI, what="Run in Korean")
    for selector, korean in (("#content-image", "콘텐츠 사진"), ("#style-image", "스타일 그림"), ("#preset", "프리셋"),
                             ("#param-size", "출력 크기 (px)"), ("#param-seconds", "제한 시간 (초)"),
                             ("#stop", "중지"), ("#header", "신경망 스타일 변환")):
        assert korean in page.inner_text(selector), selector
    assert page.locator("#preset label", has_text="추천").count() == 1  # the preset's name, its value unchanged
    assert page.is_checked("#preset input[value=Recommended]")
    wait_until(lambda: "고양이 첼시" in page.inner_text("#content-examples"), UI, what="the galleries' captions")
    wait_until(lambda: _status(page).startswith("준비 완료"), 60, what="the ready status, made on the server")
    page.click("#run")  # no pictures: the error is Korean too, and Run stays usable
    page.get_by_text(re.compile("콘텐츠 사진: 이미지가 없습니다")).first.wait_for(timeout=_ms(UI))
    wait_until(lambda: _run_enabled(page), UI, what="Run to be usable again")
    page.locator("#content-examples button.thumbnail-item").nth(1).click()
    page.locator("#style-examples button.thumbnail-item").nth(0).click()
    wait_until(lambda: _status(page).startswith("예시 결과"), UI, what="the example's result, in Korean")
    _screenshot(page, "app_korean.png")
    page.get_by_role("tab", name="원리 보기").click()
    wait_until(lambda: "패널 3개" in page.inner_text("#figures-init-status"), UI, what="the figure's estimate")
    assert "백색 잡음" in page.inner_text("#figures-init-caption")
    assert page.locator("#figures-init-gallery .caption-label").all_inner_texts()[0] == "시작: noise"
    context.close()


def test_phone_width_has_no_horizontal_scrolling(browser, url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = _page_in(context)
    page.goto(url)
    page.wait_for_selector("#run")
    _open_advanced(page)
    page.wait_for_selector("#param-content-layers")
    time.sleep(patience(0.5))
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"page is {width}px wide in a {inner}px viewport"
    # Images keep their aspect ratio: the gallery thumbnails are square crops, not stretched.
    box = page.locator("#content-examples img").first.bounding_box()
    assert box and abs(box["width"] - box["height"]) <= 2
    _screenshot(page, "app_phone.png")
    context.close()
