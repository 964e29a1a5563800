"""The VGG-19 feature extractor: weights, input conventions, truncation, normalisation."""
import pytest
import torch
from PIL import Image

from styler import WeightsError
from helpers import EXAMPLES
from styler.images import to_tensor
from styler.normalization import NORMALIZATION_SET, normalization_images
from styler.params import LAYER_NAMES
from styler.network import get_vgg
from styler.vgg import CAFFE, IMAGENET, TORCHVISION_INDEX, VGG19Features, load_conv_weights

pytestmark = pytest.mark.engine


@pytest.fixture(scope="module")
def net():
    return get_vgg("original", "avg", True, "cpu")


def test_original_weights_have_vgg19_shapes():
    convs, convention = load_conv_weights("original")
    assert convention is CAFFE
    assert list(convs) == list(LAYER_NAMES)
    assert convs["conv1_1"][0].shape == (64, 3, 3, 3)
    assert convs["conv5_4"][0].shape == (512, 512, 3, 3)
    assert all(torch.isfinite(w).all() and torch.isfinite(b).all() for w, b in convs.values())


def test_original_network_sees_rgb_input_as_caffe_bgr_minus_mean():
    convs, _ = load_conv_weights("original")
    model = VGG19Features(convs, CAFFE)
    rgb = torch.rand(1, 3, 16, 16) * 255
    # The reference: Caffe's own convention, the image as B, G, R minus the per-channel mean.
    bgr = rgb.flip(1) - torch.tensor([103.939, 116.779, 123.68]).view(1, 3, 1, 1)
    weight, bias = convs["conv1_1"]
    expected = torch.relu(torch.nn.functional.conv2d(bgr, weight, bias, padding=1))
    with torch.no_grad():
        got = model(rgb, ["conv1_1"])["conv1_1"]
    assert torch.allclose(got, expected, atol=1e-3)
    # A channel-order bug would not pass: the same image fed as RGB-minus-mean differs.
    wrong = torch.relu(torch.nn.functional.conv2d(rgb - torch.tensor([103.939, 116.779, 123.68]).view(1, 3, 1, 1),
                                                  weight, bias, padding=1))
    assert not torch.allclose(got, wrong, atol=1.0)


def test_torchvision_preprocessing_is_rgb_mean_std():
    convs, _ = load_conv_weights("original")
    model = VGG19Features(convs, IMAGENET)
    red = torch.zeros(1, 3, 1, 1)
    red[:, 0] = 255.0
    x = model.preprocess(red)[0, :, 0, 0]
    expected = torch.tensor([(1 - 0.485) / 0.229, -0.456 / 0.224, -0.406 / 0.225])
    assert torch.allclose(x, expected, atol=1e-5)


def test_returns_only_the_layers_asked_and_stops_after_the_deepest(net):
    calls = []
    hook = net.convs["conv2_1"].register_forward_hook(lambda *a: calls.append(1))
    try:
        out = net(torch.rand(1, 3, 64, 64) * 255, ["conv1_1", "conv1_2"])
    finally:
        hook.remove()
    assert set(out) == {"conv1_1", "conv1_2"}
    assert calls == []  # conv2_1 never ran
    assert out["conv1_2"].shape == (1, 64, 64, 64)
    assert (out["conv1_1"] >= 0).all()  # activations are taken after the ReLU


def test_network_is_frozen_and_shared(net):
    assert all(not p.requires_grad for p in net.parameters())
    assert get_vgg("original", "avg", True, "cpu") is net


def test_top_activations_tell_a_photo_from_noise(net, photo):
    from styler.images import fit_long_side, load_image, resize

    def tensor(image):
        return to_tensor(resize(image, fit_long_side(image.size, 128)))

    street, cat = tensor(photo), tensor(load_image(EXAMPLES / "photo_cat.jpg"))
    noise = torch.rand_like(street) * 255
    swapped = street.flip(1)  # the same photo with red and blue exchanged
    with torch.no_grad():
        profile = {k: net(x, ["conv5_1"])["conv5_1"].mean(dim=(0, 2, 3))
                   for k, x in dict(street=street, cat=cat, noise=noise, swapped=swapped).items()}

    def similarity(a, b):
        return torch.nn.functional.cosine_similarity(profile[a], profile[b], dim=0).item()

    # A trained network's deep filters answer to objects: two photos share more than a photo and noise...
    assert similarity("street", "cat") > similarity("street", "noise") + 0.1
    assert similarity("cat", "noise") < 0.4
    # ...and a channel swap changes what it sees, so a channel-order bug cannot hide.
    assert similarity("street", "swapped") < 0.99


@torch.no_grad()
def measure_filter_means(model, images: list[torch.Tensor]) -> dict[str, torch.Tensor]:
    """Each filter's mean activation over images and positions, through a built model."""
    sums: dict[str, torch.Tensor] = {}
    counts: dict[str, int] = {}
    for img in images:
        for name, a in model(img.to(model.mean.device), LAYER_NAMES).items():
            sums[name] = sums.get(name, 0) + a.sum(dim=(0, 2, 3)).cpu()
            counts[name] = counts.get(name, 0) + a.shape[0] * a.shape[2] * a.shape[3]
    return {name: sums[name] / counts[name] for name in sums}


def test_the_normalisation_set_is_listed_and_a_new_example_does_not_change_it(tmp_path):
    import shutil

    for name in NORMALIZATION_SET:
        shutil.copy(EXAMPLES / name, tmp_path / name)
    Image.new("RGB", (300, 200), "red").save(tmp_path / "photo_new_gallery_image.jpg")
    listed = normalization_images(tmp_path)
    assert len(listed) == len(NORMALIZATION_SET)
    assert all(torch.equal(a, b) for a, b in zip(listed, normalization_images()))
    (tmp_path / NORMALIZATION_SET[0]).unlink()
    with pytest.raises(WeightsError, match=NORMALIZATION_SET[0]):
        normalization_images(tmp_path)


@pytest.mark.parametrize("pooling", ["avg", "max"])
def test_normalised_network_has_mean_activation_one(pooling):
    model = get_vgg("original", pooling, True, "cpu")
    means = measure_filter_means(model, normalization_images())
    for name, m in means.items():
        assert torch.allclose(m, torch.ones_like(m), atol=1e-3), (
            f"{name}: filter means off 1; if examples/ changed, run `python -m styler.normalization`")


def test_unnormalised_network_is_not_normalised():
    means = measure_filter_means(get_vgg("original", "avg", False, "cpu"), normalization_images()[:2])
    assert not torch.allclose(means["conv3_1"], torch.ones_like(means["conv3_1"]), atol=0.1)


def test_torchvision_weights_offline_give_a_clear_message(monkeypatch):
    def offline(*args, **kwargs):
        raise OSError("network is unreachable")

    monkeypatch.setattr(torch.hub, "load_state_dict_from_url", offline)
    with pytest.raises(WeightsError, match="Could not download.*weights='original'"):
        load_conv_weights("torchvision")


def test_local_torchvision_format_file(tmp_path):
    convs, _ = load_conv_weights("original")
    state = {}
    for name, (w, b) in convs.items():
        state[f"features.{TORCHVISION_INDEX[name]}.weight"] = w
        state[f"features.{TORCHVISION_INDEX[name]}.bias"] = b
    path = tmp_path / "vgg19.pth"
    torch.save(state, path)
    loaded, convention = load_conv_weights(str(path))
    assert convention is IMAGENET
    assert torch.equal(loaded["conv3_2"][0], convs["conv3_2"][0])


def test_bad_local_files_give_clear_messages(tmp_path):
    with pytest.raises(WeightsError, match="neither 'original'"):
        load_conv_weights(str(tmp_path / "missing.pth"))
    junk = tmp_path / "junk.pth"
    junk.write_text("not a checkpoint")
    with pytest.raises(WeightsError, match="Could not load weights"):
        load_conv_weights(str(junk))
    other = tmp_path / "other.pth"
    torch.save({"fc.weight": torch.zeros(2, 2)}, other)
    with pytest.raises(WeightsError, match="not a torchvision VGG-19"):
        load_conv_weights(str(other))
