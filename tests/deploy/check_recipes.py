"""The scheduler recipes in deploy/ as shipped: every file parses (YAML, systemd units, the crontab
line, the shell script), and every `opsynth` command they run names a subcommand that exists and only
flags that subcommand takes (read from `opsynth SUB --help`). Usage: check_recipes.py SOURCE_DIR OPSYNTH."""

import configparser
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

problems: list[str] = []


def problem(where: str, what: str) -> None:
    problems.append(f"{where}: {what}")


_help_cache: dict[tuple[str, ...], set[str]] = {}


def flags_of(opsynth: str, words: tuple[str, ...]) -> set[str] | None:
    """The long flags `opsynth WORDS --help` lists, or None when WORDS is not a subcommand."""
    if words not in _help_cache:
        run = subprocess.run([opsynth, *words, "--help"], capture_output=True, text=True)
        if run.returncode != 0:
            return None
        _help_cache[words] = set(re.findall(r"(--[a-z][a-z0-9-]*)", run.stdout))
    return _help_cache[words]


def check_command(where: str, words: list[str], opsynth: str) -> None:
    """words: what follows the opsynth executable on a command line."""
    sub = [words[0]]
    if words[0] == "ops" and len(words) > 1:
        sub.append(words[1])
    known = flags_of(opsynth, tuple(sub))
    if known is None:
        problem(where, f"'opsynth {' '.join(sub)}' is not a subcommand")
        return
    for w in words:
        if w.startswith("--"):
            flag = w.split("=", 1)[0]
            if flag not in known:
                problem(where, f"'opsynth {' '.join(sub)}' takes no {flag}")


def opsynth_commands(text: str) -> list[list[str]]:
    """Every command line in shell text whose program is an opsynth executable, as words (variables
    and ${{ }} expressions kept as opaque words)."""
    found = []
    joined = re.sub(r"\\\n\s*", " ", text)
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        for segment in re.split(r"&&|\|\||;|\|", line):
            try:
                words = shlex.split(segment, comments=True)
            except ValueError:
                words = segment.split()
            for k, w in enumerate(words):
                if re.search(r"(^|/)opsynth$|^\$\{?OPSYNTH\}?$", w) and k + 1 < len(words):
                    found.append(words[k + 1:])
                    break
    return found


def check_shell(where: str, text: str, opsynth: str, expect: int) -> int:
    commands = opsynth_commands(text)
    for c in commands:
        check_command(where, c, opsynth)
    if len(commands) < expect:
        problem(where, f"expected at least {expect} opsynth commands, found {len(commands)}")
    return len(commands)


def shard_counts(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"--shard\s+(?:\$\{\{[^}]*\}\}|\S+?)/(\d+)", text)}


def main() -> int:
    source, opsynth = Path(sys.argv[1]), sys.argv[2]
    deploy = source / "deploy"

    # systemd: both units parse as INI with the sections systemd needs; ExecStart runs grow.
    service = configparser.ConfigParser(strict=False, interpolation=None)
    service.optionxform = str
    service.read(deploy / "systemd/opsynth-grow.service")
    if not service.has_option("Service", "ExecStart"):
        problem("opsynth-grow.service", "no [Service] ExecStart")
    else:
        exec_start = service.get("Service", "ExecStart")
        check_shell("opsynth-grow.service ExecStart", exec_start, opsynth, 1)
        if not exec_start.split()[1:2] == ["grow"]:
            problem("opsynth-grow.service", "ExecStart does not run opsynth grow")
    timer = configparser.ConfigParser(strict=False, interpolation=None)
    timer.read(deploy / "systemd/opsynth-grow.timer")
    if not timer.has_option("Timer", "OnCalendar") or not timer.has_option("Install", "WantedBy"):
        problem("opsynth-grow.timer", "needs [Timer] OnCalendar and [Install] WantedBy")

    # cron: one entry, five time fields, then the same grow.
    entries = [l for l in (deploy / "cron/opsynth-grow.crontab").read_text().splitlines() if l.strip() and not l.startswith("#")]
    if len(entries) != 1:
        problem("opsynth-grow.crontab", f"expected one entry, found {len(entries)}")
    else:
        fields = entries[0].split(None, 5)
        if len(fields) != 6 or not all(re.fullmatch(r"[0-9*/,-]+", f) for f in fields[:5]):
            problem("opsynth-grow.crontab", "not 'min hour day month weekday command'")
        check_shell("opsynth-grow.crontab", fields[5], opsynth, 1)
        if "%" in fields[5]:
            problem("opsynth-grow.crontab", "'%' is a newline to cron")

    # GitHub Actions: parses; the matrix lists exactly the shards --shard names; merge needs the shards.
    workflow_text = (deploy / "github/opsynth-grow.yml").read_text()
    workflow = yaml.safe_load(workflow_text)
    jobs = workflow.get("jobs", {})
    if set(jobs) != {"shard", "merge"}:
        problem("opsynth-grow.yml", f"expected jobs shard and merge, found {sorted(jobs)}")
    else:
        matrix = jobs["shard"]["strategy"]["matrix"]["shard"]
        counts = shard_counts(workflow_text)
        if counts != {len(matrix)} or sorted(matrix) != list(range(len(matrix))):
            problem("opsynth-grow.yml", f"matrix {matrix} does not match --shard I/{counts}")
        if jobs["merge"].get("needs") != "shard":
            problem("opsynth-grow.yml", "the merge job must need the shard jobs")
        runs = "\n".join(step.get("run", "") for job in jobs.values() for step in job["steps"])
        check_shell("opsynth-grow.yml", runs, opsynth, 4)
        if "ops merge" not in runs or "gh pr create" not in runs:
            problem("opsynth-grow.yml", "no merge or no pull request")
    if True not in workflow and "on" not in workflow:  # PyYAML reads the key `on` as True
        problem("opsynth-grow.yml", "no trigger")

    # Kubernetes: the claim and the CronJob parse; the Job is Indexed, completions = parallelism =
    # SHARDS; the pod runs grow-shard.sh, which uses the completion index as the shard.
    docs = list(yaml.safe_load_all((deploy / "kubernetes/opsynth-grow-cronjob.yaml").read_text()))
    kinds = [d["kind"] for d in docs]
    if kinds != ["PersistentVolumeClaim", "CronJob"]:
        problem("opsynth-grow-cronjob.yaml", f"kinds {kinds}")
    else:
        job = docs[1]["spec"]["jobTemplate"]["spec"]
        pod = job["template"]["spec"]
        container = pod["containers"][0]
        env = {e["name"]: e.get("value") for e in container["env"]}
        if job.get("completionMode") != "Indexed":
            problem("opsynth-grow-cronjob.yaml", "the Job is not completionMode: Indexed")
        if not (str(job["completions"]) == str(job["parallelism"]) == env.get("SHARDS")):
            problem("opsynth-grow-cronjob.yaml", "completions, parallelism and SHARDS differ")
        if container["command"] != ["/opt/opsynth/deploy/kubernetes/grow-shard.sh"]:
            problem("opsynth-grow-cronjob.yaml", "the pod does not run grow-shard.sh")
        claims = {v["persistentVolumeClaim"]["claimName"] for v in pod["volumes"]}
        if claims != {docs[0]["metadata"]["name"]}:
            problem("opsynth-grow-cronjob.yaml", "the pods do not mount the claim")
    script = (deploy / "kubernetes/grow-shard.sh").read_text()
    if subprocess.run(["sh", "-n", str(deploy / "kubernetes/grow-shard.sh")]).returncode != 0:
        problem("grow-shard.sh", "sh -n finds a syntax error")
    check_shell("grow-shard.sh", script, opsynth, 3)
    if '--shard "$JOB_COMPLETION_INDEX/$SHARDS"' not in script:
        problem("grow-shard.sh", "the shard is not the completion index")

    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
