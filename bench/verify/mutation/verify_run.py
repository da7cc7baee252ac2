# One mutant verified exactly as an accepted candidate is: `opsynth verify` with the default acceptance
# settings, against a scratch copy of the library (the verifier must never write into the real one),
# under a wall-clock limit, classified from its JSON report.
import json
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

# Report stages (verify/report.cpp stage_name) that kill a mutant. "compile" is not among them: a
# mutant the verifier cannot compile is stillborn, whatever the screening compile said.
KILL_STAGES = ("static", "stored", "edge", "repair", "acceptance", "sanitizer")

_running = set()  # process groups of the verifier runs under way
_running_lock = threading.Lock()


def stop_all():
    """Ends every verifier run this process started (each is its own process group)."""
    with _running_lock:
        for pid in list(_running):
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def classify(exit_code, report, timed_out):
    """(classification, stage, reason) from the verifier's exit status and report."""
    if timed_out:
        return "inconclusive", "", "wall-clock limit of the mutation run reached"
    if report is None:
        return "error", "", f"no report (exit {exit_code})"
    verdict, stage, reason = report.get("verdict"), report.get("stage", ""), report.get("reason", "")
    if verdict == "PASS" and exit_code == 0:
        return "survived", stage, reason
    if verdict == "FAIL" and stage == "compile":
        return "stillborn", stage, "the verifier cannot compile it: " + reason
    if verdict == "FAIL" and stage in KILL_STAGES:
        return "killed", stage, reason
    if verdict == "INCONCLUSIVE":
        return "inconclusive", stage, reason
    return "error", stage, f"{verdict} (exit {exit_code}): {reason}"


def store_case(scratch, qualname, signature, case):
    """`case` as a stored counterexample of the op in the scratch library: replayed first."""
    cases = Path(scratch, *qualname.split("."), "cases")
    cases.mkdir(parents=True, exist_ok=True)
    record = {"signature": signature, "case": case, "found": "0000-00-00T00:00:00Z", "reason": "mutation witness"}
    (cases / "mutation-witness.json").write_text(json.dumps(record))


def verify_mutant(opsynth, oplib, folder, qualname, signature, timeout, cache_dir=None, candidate=None,
                  stored_case=None, extra_args=(), report_name="report.json"):
    """Runs the verifier on `candidate` (default folder/candidate.hpp) against a scratch copy of `oplib`
    (with `stored_case` among the op's counterexamples when given); writes the report in `folder` and
    returns the result."""
    folder = Path(folder)
    scratch = folder / ("scratch-" + Path(report_name).stem)
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(oplib, scratch)
    if stored_case is not None:
        store_case(scratch, qualname, signature, stored_case)
    report_path = folder / report_name
    report_path.unlink(missing_ok=True)
    cmd = [
        str(opsynth), "verify", "--op", qualname, "--sig", signature, "--candidate", str(candidate or folder / "candidate.hpp"),
        "--oplib", str(scratch), "--report", str(report_path), "--quiet", *extra_args,
    ]
    env = dict(os.environ)
    if cache_dir:
        env["OPSYNTH_CACHE_DIR"] = str(cache_dir)
    started = time.monotonic()
    # Its own process group, so that a timeout ends the verifier and every worker it started.
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    with _running_lock:
        _running.add(child.pid)
    timed_out = False
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(child.pid, signal.SIGKILL)
        out, err = child.communicate()
    finally:
        with _running_lock:
            _running.discard(child.pid)
    seconds = time.monotonic() - started
    shutil.rmtree(scratch, ignore_errors=True)
    report = json.loads(report_path.read_text()) if report_path.exists() else None
    classification, stage, reason = classify(child.returncode, report, timed_out)
    result = {
        "classification": classification,
        "stage": stage,
        "reason": reason,
        "verdict": report.get("verdict") if report else None,
        "exit_code": child.returncode,
        "seconds": round(seconds, 1),
        "phases": report.get("phases", []) if report else [],
        "report": report_name if report else None,
        "command": cmd,
    }
    if classification == "error":
        result["stderr"] = (err or "")[-2000:] + (out or "")[-500:]
    return result
