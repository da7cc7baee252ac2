"""An installed opsynth works without the checkout it was built from.

Installs the build into a temporary prefix (`cmake --install`), installs the Python loader with pip into
a temporary folder, then, in a private mount namespace where the source and build trees are empty
folders, with HOME in a temporary folder and nothing of the checkout on PATH or PYTHONPATH:
compiles a function with the installed `opsynth` (which must seed the user's operator library from the
installed core, and leave the prefix untouched), loads it with the pip-installed loader, and has
@opsynth.jit find the installed tool on PATH. Before that, `opsynth fill` adds an operator the core lacks
(math.nextafter) from a loopback fixture endpoint this test serves, with the installed prompts, into the
user's library, and the compiled function uses it.

Usage: test_installed_tool.py --source SOURCE_DIR --build BUILD_DIR   (ctest install_prefix_works_without_checkout)
"""

import argparse
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading

FUNCTION = '''
import math


def hyp(a: float, b: float) -> float:
    return math.sqrt(a * a + b * b)


def step_up(x: float) -> float:
    return math.nextafter(x, math.inf)
'''

# What the fixture endpoint answers every chat completion with: a correct math.nextafter.
CANDIDATE = "```cpp\n#include <cmath>\nnamespace oplib::math {\n" \
            "double nextafter(double x, double y) { return std::nextafter(x, y); }\n}\n```"


class FixtureEndpoint(http.server.BaseHTTPRequestHandler):
    """An OpenAI-compatible /chat/completions on 127.0.0.1 that always proposes CANDIDATE."""

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        choices = [{"index": k, "message": {"role": "assistant", "content": CANDIDATE}, "finish_reason": "stop"}
                   for k in range(body.get("n", 1))]
        data = json.dumps({"id": "fixture", "object": "chat.completion", "model": body["model"], "choices": choices,
                           "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass

JIT_SCRIPT = '''
import math, sys, warnings
sys.path.insert(0, sys.argv[1])
import opsynth

@opsynth.jit
def hyp(a, b):
    return math.sqrt(a * a + b * b)

warnings.simplefilter("error")  # a signature that falls back to Python warns: fail instead
print(hyp(6.0, 8.0), opsynth.load(sys.argv[2]).hyp(3.0, 4.0))
'''


def tree_digest(root):
    """A digest of every file's path and content under root."""
    h = hashlib.sha256()
    for folder, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            h.update(os.path.relpath(path, root).encode())
            with open(path, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


def run(cmd, **kwargs):
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, **kwargs)


def hidden_checkout_command(hide, script):
    """The command that runs `script` (sh) with the folders in `hide` covered by empty tmpfs mounts."""
    mounts = " && ".join(f"mount -t tmpfs -o size=1m opsynth-hidden '{d}'" for d in hide)
    inner = f"{mounts} && sh '{script}'"
    if os.geteuid() == 0:
        return ["unshare", "--mount", "--propagation", "private", "sh", "-c", inner]
    return ["unshare", "--user", "--map-root-user", "--mount", "--propagation", "private", "sh", "-c", inner]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    parser.add_argument("--build", required=True)
    args = parser.parse_args()
    source, build = os.path.realpath(args.source), os.path.realpath(args.build)

    with tempfile.TemporaryDirectory(prefix="opsynth_install_") as tmp:
        tmp = os.path.realpath(tmp)
        assert not tmp.startswith(source + os.sep), "the temporary folder must lie outside the checkout"
        prefix, site, home, work = (os.path.join(tmp, d) for d in ("prefix", "site", "home", "work"))
        for d in (home, work):
            os.makedirs(d)
        run(["cmake", "--install", build, "--prefix", prefix], stdout=subprocess.DEVNULL)
        # pip builds in the folder it is given: a copy, so the checkout stays clean.
        package = os.path.join(tmp, "python-package")
        shutil.copytree(os.path.join(source, "compiler", "python"), package,
                        ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info", "*.cpp"))
        run([sys.executable, "-m", "pip", "install", "--quiet", "--no-build-isolation", "--no-deps",
             "--disable-pip-version-check", "--root-user-action=ignore", "--target", site, package], env=dict(os.environ, PIP_NO_CACHE_DIR="1"))
        with open(os.path.join(work, "geometry.py"), "w") as f:
            f.write(FUNCTION)
        with open(os.path.join(work, "jit_check.py"), "w") as f:
            f.write(JIT_SCRIPT)
        core = os.path.join(prefix, "share", "opsynth", "oplib")
        core_before = tree_digest(core)

        endpoint = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FixtureEndpoint)
        endpoint_url = f"http://127.0.0.1:{endpoint.server_address[1]}/v1"
        so = os.path.join(work, "geometry_lib.so")
        user_oplib = os.path.join(home, ".local", "share", "opsynth", "oplib")
        script = os.path.join(tmp, "in_hidden_checkout.sh")
        with open(script, "w") as f:
            f.write(textwrap.dedent(f"""\
                set -eu
                test ! -e '{source}/CMakeLists.txt'   # the checkout is out of reach
                cd '{work}'
                export HOME='{home}' PATH='{prefix}/bin:/usr/bin:/bin'
                unset XDG_DATA_HOME XDG_CACHE_HOME OPSYNTH_OPLIB OPSYNTH_CACHE_DIR OPSYNTH_BIN OPSYNTH_PROMPTS PYTHONPATH OPENAI_API_KEY
                OPSYNTH_MODEL=fixture-model OPENAI_BASE_URL='{endpoint_url}' \\
                  opsynth fill math.nextafter --sig 'float, float -> float' --attempts 1 --samples 1 --quiet
                test -f '{user_oplib}/math/sqrt/op.json'
                test -f '{user_oplib}/math/nextafter/op.json'
                opsynth compile geometry.py -o geometry_lib.so
                opsynth ops list > ops.txt
                /usr/bin/python3 -c "import sys; sys.path.insert(0, '{site}'); import opsynth; lib = opsynth.load('{so}'); print(lib.hyp(3.0, 4.0), lib.step_up(1.0) == 1.0 + 2.0 ** -52, type(lib.hyp).__name__)" > load.txt
                /usr/bin/python3 jit_check.py '{site}' '{so}' > jit.txt
                """))
        hide = [source] + ([build] if not build.startswith(source + os.sep) else [])
        threading.Thread(target=endpoint.serve_forever, daemon=True).start()
        try:
            run(hidden_checkout_command(hide, script))
        finally:
            endpoint.shutdown()

        with open(os.path.join(work, "load.txt")) as f:
            printed = f.read().split()
            assert printed[:2] == ["5.0", "True"], "the installed loader did not compute hyp and step_up"
            # pip builds no extension: the loader takes the compiled call path from the installed tool's prefix
            assert printed[2:] == ["Entry"], f"the installed loader calls through ctypes, not the compiled path: {printed}"
        with open(os.path.join(work, "jit.txt")) as f:
            assert f.read().split() == ["10.0", "5.0"], "@opsynth.jit did not compile with the installed tool"
        with open(os.path.join(work, "ops.txt")) as f:
            assert "math.nextafter" in f.read(), "ops list did not read the user's library"
        assert tree_digest(core) == core_before, "the installed core library was written to"
        assert not os.path.exists(os.path.join(core, "math", "nextafter")), "fill wrote into the prefix"
        print("installed opsynth compiled and loaded without the checkout")


if __name__ == "__main__":
    main()
