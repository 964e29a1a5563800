"""The engine on the real VGG-19 weights, at tiny sizes: what the paper's method must do."""

import numpy as np
import pytest
import torch
from PIL import Image

from styler import ImageError, StyleParams, stylize
from styler import engine
from styler.params import LOSS_TERMS, TOTAL
from styler.images import to_tensor

from helpers import EXAMPLES, paper

pytestmark = pytest.mark.engine

TINY = dict(size=64, preview_every=5, precision="float32")  # the paper's arithmetic too: exact


def run(content, style, **changes):
    return list(stylize(content, style, paper(**{**TINY, **changes})))


def pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image, dtype=np.float64)


def distance(result: Image.Image, photo: Image.Image) -> float:
    """Mean absolute difference (0..255) at half resolution: pixel-level residue of the
    initial noise, which no feature sees, does not count; anything the eye sees does."""
    half = (result.width // 2, result.height // 2)
    target = photo.resize(result.size, Image.Resampling.LANCZOS)
    return float(np.abs(pixels(result.resize(half, Image.Resampling.BOX))
                        - pixels(target.resize(half, Image.Resampling.BOX))).mean())


def test_the_losses_reported_are_the_terms_of_loss_terms_each_by_its_weight(photo, painting):
    """LOSS_TERMS is the one list of the loss's terms: every item reports each of them and their
    sum as the total, and a term's weight is the field LOSS_TERMS names for it."""
    base = StyleParams(size=48, iterations=3, seconds=0, scales=1, tv_weight=1.0, precision="float32", device="cpu")
    items = list(stylize(photo, painting, base))
    for p in items:
        assert list(p.losses) == [*LOSS_TERMS, TOTAL]
        assert all(p.losses[term] > 0 for term in LOSS_TERMS), p.losses  # every term takes part
        assert p.losses[TOTAL] == pytest.approx(sum(p.losses[term] for term in LOSS_TERMS), rel=1e-5)
    first = items[0].losses  # the starting image's losses: the same start in every run below
    for term, weight in LOSS_TERMS.items():
        run_ = stylize(photo, painting, base.replace(**{weight: 2 * getattr(base, weight)}))
        doubled = next(run_)
        run_.close()
        for other in LOSS_TERMS:
            assert doubled.losses[other] == pytest.approx(first[other] * (2 if other == term else 1), rel=1e-4), (
                term, other)


def test_content_reconstruction_from_conv1_2_gives_back_the_photo(photo):
    # Paper Fig. 1: from white noise, matching only conv1_2 features recovers the photo.
    items = run(photo, photo, iterations=200, content_layers="conv1_2", content_weight=1.0, style_weight=0.0)
    error = distance(items[-1].image, photo)
    assert error < 8.0, f"mean abs error {error:.1f} of 255"
    assert error < distance(items[0].image, photo) / 4


def test_deeper_content_layers_keep_layout_but_lose_detail(photo):
    errors = {}
    for layer in ("conv1_2", "conv4_2"):
        result = run(photo, photo, iterations=120, content_layers=layer, content_weight=1.0, style_weight=0.0)[-1].image
        target = photo.resize(result.size, Image.Resampling.LANCZOS)
        errors[layer] = distance(result, photo)
        if layer == "conv4_2":
            # The layout survives: the reconstruction correlates with the photo at coarse scale...
            coarse = [np.asarray(im.convert("L").resize((8, 6), Image.Resampling.BOX), dtype=float).ravel()
                      for im in (result, target)]
            assert np.corrcoef(*coarse)[0, 1] > 0.5
    # ...but the pixels do not come back as closely as from the shallow layer.
    assert errors["conv4_2"] > 1.5 * errors["conv1_2"]


def test_style_reconstruction_gram_loss_falls_by_orders_of_magnitude(photo, painting):
    items = run(photo, painting, size=96, iterations=150, content_weight=0.0)
    first, last = items[0].losses["style"], items[-1].losses["style"]
    assert last < first / 50, (first, last)
    assert items[-1].losses["content"] == 0.0


def test_stylisation_streams_previews_and_one_final_item(photo, painting):
    items = run(photo, painting, iterations=20, content_weight=1e-5, init="content")
    assert [p.iteration for p in items] == list(range(1, 21))  # one item per iteration
    assert all(p.total == 20 for p in items)
    previews = [p.iteration for p in items if p.image is not None]
    assert previews == [1, 5, 10, 15, 20]
    assert [p.done for p in items] == [False] * 19 + [True]
    assert items[-1].losses["total"] < items[0].losses["total"]
    assert set(items[-1].losses) == {"content", "style", "tv", "total"}
    assert items[-1].elapsed >= items[0].elapsed > 0


def test_output_keeps_the_contents_aspect_ratio(painting):
    wide = Image.new("RGB", (300, 100), (200, 100, 50))
    final = run(wide, painting, iterations=2, size=96)[-1]
    assert final.image.size == (96, 32)
    tall = Image.new("RGB", (100, 200), (20, 100, 50))
    assert run(tall, painting, iterations=1, size=64)[-1].image.size == (32, 64)


def test_same_seed_same_image_other_seed_other_image(photo, painting):
    def final(seed):
        return pixels(run(photo, painting, iterations=5, seed=seed)[-1].image)

    assert np.array_equal(final(3), final(3))
    assert not np.array_equal(final(3), final(4))


def test_blend_of_one_style_equals_that_style(photo, painting):
    other = Image.new("RGB", (64, 64), (0, 128, 255))
    alone = run(photo, painting, iterations=4)[-1].image
    blended = list(stylize(photo, [painting, other], paper(**TINY, iterations=4, style_blend="1,0")))
    assert np.array_equal(pixels(alone), pixels(blended[-1].image))


def test_init_choices(photo, painting):
    from_content = run(photo, painting, iterations=1, init="content", style_weight=0.0)[0].image
    target = photo.resize(from_content.size, Image.Resampling.LANCZOS)
    # With no style to pull it away, one step from the content leaves the content in place.
    assert np.abs(pixels(from_content) - pixels(target)).mean() < 3.0
    from_image = list(stylize(photo, painting, paper(**TINY, iterations=1, style_weight=0.0),
                              init_image=painting))[0].image
    # One step from an uploaded start image moves each pixel by about one unit.
    assert np.abs(pixels(from_image) - pixels(painting.resize(from_image.size, Image.Resampling.LANCZOS))).mean() < 5.0


def test_adam_runs_and_lowers_the_loss(photo, painting):
    items = run(photo, painting, iterations=15, optimizer="adam", learning_rate=8.0, init="content",
                content_weight=1e-5)
    assert items[-1].losses["total"] < items[0].losses["total"]


def test_on_a_laplacian_pyramid_a_content_only_run_still_gives_back_the_photo(photo):
    items = run(photo, photo, iterations=200, content_layers="conv1_2", content_weight=1.0, style_weight=0.0,
                pyramid_levels=2)
    error = distance(items[-1].image, photo)
    assert error < 8.0, f"mean abs error {error:.1f} of 255"
    assert error < distance(items[0].image, photo) / 4


def test_on_a_laplacian_pyramid_the_style_loss_falls_with_lbfgs_and_with_adam(photo, painting):
    items = run(photo, painting, size=96, iterations=150, content_weight=0.0, pyramid_levels=2)
    assert items[-1].losses["style"] < items[0].losses["style"] / 50
    adam = run(photo, painting, iterations=15, optimizer="adam", learning_rate=8.0, init="content",
               content_weight=1e-5, pyramid_levels=2)
    assert adam[-1].losses["total"] < adam[0].losses["total"]


def finest_level_energy(image: Image.Image) -> float:
    """Mean energy of the finest Laplacian-pyramid level: the pixel grain."""
    half = image.resize((image.width // 2, image.height // 2), Image.Resampling.BOX)
    return float(((pixels(image) - pixels(half.resize(image.size, Image.Resampling.BILINEAR))) ** 2).mean())


def test_the_default_look_on_the_pyramid_has_less_grain_than_on_pixels_at_the_same_loss(photo, painting):
    results = {}
    for levels in (0, StyleParams().pyramid_levels):
        params = StyleParams(size=128, seconds=0, iterations=60, scales=3, pyramid_levels=levels,
                             precision="float32", device="cpu")
        results[levels] = list(stylize(photo, painting, params))[-1]
    pixel_run, pyramid_run = results.values()
    assert finest_level_energy(pyramid_run.image) < finest_level_energy(pixel_run.image)
    assert pyramid_run.losses["total"] < 1.02 * pixel_run.losses["total"]


def test_all_weights_zero_is_refused():
    with pytest.raises(ValueError, match="nothing to optimise"):
        paper(content_weight=0, style_weight=0, tv_weight=0)


def test_bad_images_fail_before_any_work(painting):
    with pytest.raises(ImageError, match="No content image"):
        next(stylize(None, painting, paper(**TINY)))
    with pytest.raises(ImageError, match="too small or too narrow"):
        next(stylize(Image.new("RGB", (400, 4)), painting, paper(**TINY)))


def test_coarse_to_fine_schedule():
    params = paper(size=512, scales=3, iterations=91)
    assert engine.stages(params, (512, 384)) == [((128, 96), 30), ((256, 192), 30), ((512, 384), 31)]
    # Scales too small for the network's deepest layers are dropped.
    assert engine.stages(paper(size=96, scales=4, iterations=10), (96, 72)) == [((96, 72), 10)]
    assert engine.stages(paper(scales=1, iterations=7), (64, 64)) == [((64, 64), 7)]


def test_multi_scale_run_streams_each_scale_and_ends_at_full_size(photo, painting):
    items = run(photo, painting, size=192, scales=2, iterations=6, preview_every=100, init="content",
                content_weight=1e-6)
    assert [str(p.stage) for p in items] == ["96×72 px, scale 1/2"] * 3 + ["192×144 px, scale 2/2"] * 3
    assert items[2].image.size == (96, 72)  # the end of each scale is previewed
    assert items[-1].done and items[-1].image.size == (192, 144)


def test_blend_weights_must_match_the_styles(photo, painting):
    with pytest.raises(ValueError, match="style_blend: 3 weights for 2 style images"):
        next(stylize(photo, [painting, painting], paper(**TINY, style_blend="1,1,1")))
    with pytest.raises(ValueError, match="style_blend: expected numbers"):
        paper(style_blend="1,x")


def test_regions_each_take_their_own_style(photo, painting):
    """Spatial control: a half/half mask puts one style on the left, another on the right;
    each half's masked style loss falls toward its own style, not the other."""
    from styler.losses import StyleLoss, gram
    from styler.network import get_vgg

    waves = Image.open(EXAMPLES / "painting_great_wave.jpg").convert("RGB")
    mask = Image.new("L", (96, 72), 0)
    mask.paste(255, (0, 0, 48, 72))  # left half white: the first style
    params = paper(size=96, iterations=60, preview_every=60, init="content", content_weight=1e-8)
    result = list(stylize(photo, [painting, waves], params, mask=mask))[-1].image

    net = get_vgg()
    left = torch.zeros(1, 1, 72, 96)
    left[..., :48] = 1.0
    layers = ["conv1_1", "conv2_1", "conv3_1"]

    def half_loss(image, half, style):
        with torch.no_grad():
            target = net(to_tensor(style.resize((96, 72))), layers)
            feats = net(to_tensor(image), layers)
            return sum(StyleLoss(gram(target[n]), mask=half)(feats[n]).item() for n in layers)

    start = photo.resize(result.size, Image.Resampling.LANCZOS)
    for half, own, other in ((left, painting, waves), (1 - left, waves, painting)):
        assert half_loss(result, half, own) < half_loss(start, half, own) / 2
        assert half_loss(result, half, own) < half_loss(result, half, other)


def test_with_regions_the_blend_weighs_each_regions_style(photo, painting):
    """With a mask, style_blend weighs the regions' style terms (mean 1: an even blend is the
    plain sum), so the blend control means something there too."""
    from styler.network import get_vgg

    waves = Image.open(EXAMPLES / "painting_great_wave.jpg").convert("RGB")
    content, styles = to_tensor(photo.resize((64, 48))), [to_tensor(s.resize((64, 48))) for s in (painting, waves)]
    left = torch.zeros(1, 1, 48, 64)
    left[..., :32] = 1.0
    x = to_tensor(waves.resize((64, 48)))
    params = paper(size=64, content_weight=0)

    def style_loss(blend):
        objective = engine.Objective(get_vgg(), params, content, styles, blend, regions=[left, 1 - left])
        with torch.no_grad():
            return objective(x)[1][1].item()

    even, first, second = style_loss([1, 1]), style_loss([1, 0]), style_loss([0, 1])
    assert even == pytest.approx((first + second) / 2, rel=1e-5)  # each term counted once at an even blend
    assert style_loss([3, 1]) == pytest.approx(1.5 * first / 2 + 0.5 * second / 2, rel=1e-5)
    assert first != pytest.approx(second, rel=0.05)  # x is the second style: its own region is near 0


def test_one_style_mask_keeps_the_photo_where_black(photo, painting):
    mask = Image.new("L", (64, 48), 0)
    mask.paste(255, (0, 0, 32, 48))
    params = paper(**{**TINY, "iterations": 30}, init="content", content_weight=1e-8)
    result = pixels(list(stylize(photo, painting, params, mask=mask))[-1].image)
    target = pixels(photo.resize((64, 48), Image.Resampling.LANCZOS))
    changed_styled = np.abs(result[:, :20] - target[:, :20]).mean()  # away from the border, where
    changed_kept = np.abs(result[:, 44:] - target[:, 44:]).mean()  # deep features see both halves
    assert changed_styled > 3 * changed_kept, (changed_styled, changed_kept)


def test_iterate_averaging_smooths_what_is_shown(photo, painting):
    def roughness(image):
        x = pixels(image)
        return np.abs(np.diff(x, axis=0)).mean() + np.abs(np.diff(x, axis=1)).mean()

    # From the photo, the style's texture grows iterate by iterate; the average lags behind it.
    plain = run(photo, painting, iterations=20, init="content", content_weight=1e-2)[-1].image
    averaged = run(photo, painting, iterations=20, init="content", content_weight=1e-2, average=0.9)[-1].image
    assert roughness(averaged) < 0.9 * roughness(plain)


def test_averaging_starts_from_the_first_iterate():
    start = torch.full((1, 3, 2, 2), 10.0)
    average = engine.IterateAverage(start, 0.9)
    assert torch.allclose(average.get(), start)  # bias-corrected: no pull towards zero
    average.update(torch.full((1, 3, 2, 2), 20.0))
    assert torch.allclose(average.get(), torch.full((1, 3, 2, 2), 10 + 10 * 0.1 / 0.19))


def test_replicate_padding_changes_only_what_the_border_sees(photo):
    net = engine.get_vgg()
    x = to_tensor(photo.resize((64, 48)))
    with torch.no_grad():
        zeros = net(x, ["conv1_1"])["conv1_1"]
        replicate = net(x, ["conv1_1"], padding="replicate")["conv1_1"]
    assert torch.equal(zeros[..., 1:-1, 1:-1], replicate[..., 1:-1, 1:-1])
    assert not torch.allclose(zeros[..., 0, :], replicate[..., 0, :])


def test_matched_start_takes_the_paintings_colours(photo, painting):
    first = run(photo, painting, iterations=1, init="matched", style_weight=0.0, content_weight=1e-12)[0].image
    start = pixels(first).reshape(-1, 3).mean(axis=0)
    palette = pixels(painting).reshape(-1, 3).mean(axis=0)
    photo_mean = pixels(photo).reshape(-1, 3).mean(axis=0)
    assert np.abs(start - palette).max() < 6 < np.abs(photo_mean - palette).max()


@pytest.mark.parametrize("statistic", ["w2", "sliced"])
def test_other_style_statistics_lower_their_loss(photo, painting, statistic):
    items = run(photo, painting, iterations=20, init="content", style_loss=statistic, content_weight=1e-2)
    assert items[-1].losses["style"] < 0.7 * items[0].losses["style"]
    assert items[-1].losses["total"] < items[0].losses["total"]


def test_coarse_to_fine_in_small_steps():
    params = paper(size=512, scales=5, scale_step=2**0.5, iterations=50)
    sizes = [size for size, _ in engine.stages(params, (512, 384))]
    assert sizes == [(128, 96), (181, 136), (256, 192), (362, 272), (512, 384)]
