"""Neural style transfer demo (Gatys et al., CVPR 2016): `python app.py`.

Serves on http://127.0.0.1:7860; set GRADIO_SERVER_NAME / GRADIO_SERVER_PORT to change that,
STYLER_CONCURRENCY for runs at once (default 1). The same file runs on Hugging Face Spaces.
"""
import webapp  # first: on Spaces it imports `spaces` before torch touches CUDA

server = webapp.ServerConfig.from_environment()  # the environment read once, here
demo = webapp.build_demo(server)

if __name__ == "__main__":
    demo.launch(**webapp.launch_kwargs(server))
