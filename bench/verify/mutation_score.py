#!/usr/bin/python3
# Mutation score of the verifier: mechanical single-edit mutants of accepted operator headers, each
# screened (stillborn, TCE-equivalent), then verified as an accepted candidate is; the kill rate per op,
# family, kind and stage, and every survivor. See bench/README.md "Mutation score".
import argparse
import concurrent.futures
import datetime
import difflib
import hashlib
import json
import random
import shlex
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mutation import library, mutants, report, tce, verify_run, witness  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__ or "mutation score of the verifier")
    p.add_argument("--oplib", default=ROOT / "oplib", type=Path, help="library to take accepted versions from (read only)")
    p.add_argument("--build", default=ROOT / "build", type=Path, help="build folder (CMakeCache.txt, opsynth)")
    p.add_argument("--out", default=None, type=Path, help="working folder, resumable (default BUILD/mutation)")
    p.add_argument("--ops", default=[], action="append", help="qualnames, comma-separated (repeatable)")
    p.add_argument("--module", default=[], action="append", help="every op of this module (repeatable)")
    p.add_argument("--family", default=[], action="append", choices=library.FAMILIES, help="every op of a family")
    p.add_argument("--per-family", type=int, default=5, help="ops sampled per family when none is named")
    p.add_argument("--include", default=[], action="append", help="qualnames added to the selection, comma-separated")
    p.add_argument("--kinds", default="", help="only these mutation kinds, comma-separated: " + ",".join(mutants.KINDS))
    p.add_argument("--cap", type=int, default=8, help="verified mutants per op at most")
    p.add_argument("--max-screened", type=int, default=0, help="mutants screened per op at most (default 4 x cap)")
    p.add_argument("--seed", type=int, default=0, help="seed of the op and mutant sampling")
    p.add_argument("--parallel", type=int, default=2, help="verifier runs (and screening compiles) at once")
    p.add_argument("--timeout", type=float, default=1800, help="wall-clock seconds per verifier run")
    p.add_argument("--screen-only", action="store_true", help="generate and screen mutants, verify none")
    p.add_argument("--equivalent", default=HERE / "equivalent_mutants.json", type=Path, help="reviewed equivalent mutants")
    p.add_argument("--notes", default=HERE / "survivor_notes.json", type=Path, help="written analysis of survivors")
    p.add_argument("--json", default=None, type=Path, help="report (default OUT/mutation.json; Markdown beside it)")
    p.add_argument("--cache-dir", default=None, type=Path, help="the verifier's compile cache (default OUT/cache)")
    p.add_argument("--keep-workers", action="store_true", help="keep the mutants' worker executables in the cache")
    p.add_argument("--no-witnesses", action="store_true", help="do not check the survivors' witnesses (--notes)")
    a = p.parse_args(argv)
    a.ops = [q for group in a.ops for q in group.split(",") if q]
    a.include = [q for group in a.include for q in group.split(",") if q]
    a.kinds = [k for k in a.kinds.split(",") if k]
    bad = [k for k in a.kinds if k not in mutants.KINDS]
    if bad:
        p.error("--kinds: unknown " + ", ".join(bad))
    a.out = a.out or a.build / "mutation"
    a.json = a.json or a.out / "mutation.json"
    a.cache_dir = a.cache_dir or a.out / "cache"
    a.max_screened = a.max_screened or 4 * a.cap
    a.opsynth = a.build / "opsynth"
    return a


def sha256_file(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_json(path, default):
    return json.loads(Path(path).read_text()) if Path(path).exists() else default


def write_json(path, value):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(value, indent=1, sort_keys=True) + "\n")
    tmp.replace(path)


def round_robin(found, rng):
    by_kind = defaultdict(list)
    for item in found:
        by_kind[item[1].kind].append(item)
    kinds = sorted(by_kind)
    rng.shuffle(kinds)
    for k in kinds:
        rng.shuffle(by_kind[k])
    order = []
    while any(by_kind.values()):
        order += [by_kind[k].pop() for k in kinds if by_kind[k]]
    return order


def sampling_order(found, seed, qualname, is_live):
    """Mutants on lines the verified signatures emit code for first, then the others (a generic header
    may carry code no verified signature instantiates: its mutants are equivalent there). Within each,
    round robin over the mutation kinds in a seeded order, each kind's mutants shuffled."""
    rng = random.Random(f"{seed}:{qualname}")
    live = [item for item in found if is_live(*item)]
    rest = [item for item in found if not is_live(*item)]
    return round_robin(live, rng) + round_robin(rest, rng)


def unified_diff(before, after, name):
    lines = difflib.unified_diff(before.splitlines(True), after.splitlines(True), name, name + " (mutant)", n=1)
    return "".join(lines)


class Declarations:
    """`opsynth signature --json` per (op, signature), kept in OUT/declarations.json."""

    def __init__(self, opsynth, path):
        self.opsynth, self.path = opsynth, path
        self.known = read_json(path, {})
        self.lock = threading.Lock()

    def get(self, qualname, signature):
        key = f"{qualname} :: {signature}"
        with self.lock:
            if key in self.known:
                return self.known[key]
        run = subprocess.run([str(self.opsynth), "signature", qualname, "--sig", signature, "--json"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeError(f"opsynth signature {qualname} --sig '{signature}': {run.stderr.strip()}")
        with self.lock:
            self.known[key] = json.loads(run.stdout)
            write_json(self.path, self.known)
            return self.known[key]


class Screen:
    """Stillborn and TCE-equivalent mutants set aside before any verifier run (cached per mutant)."""

    def __init__(self, compiler, declarations):
        self.compiler, self.declarations = compiler, declarations
        self.originals = {}
        self.lock = threading.Lock()

    def original(self, ov, signature):
        key = (ov.qualname, ov.overload, ov.version, signature)
        with self.lock:
            if key in self.originals:
                return self.originals[key]
        ok, asm = self.compiler.assembly(ov.header.read_text(), self.declarations.get(ov.qualname, signature))
        with self.lock:
            self.originals[key] = asm if ok else None
        return self.originals[key]

    def live_lines(self, ov):
        """Header lines with code at any of the overload's signatures (cached per header text and signature)."""
        text = ov.header.read_text()
        digest = hashlib.sha256(text.encode()).hexdigest()
        cache_path = self.compiler.work_dir / "live-lines.json"
        lines = set()
        for signature in ov.signatures:
            key = f"{digest} {signature}"
            with self.lock:
                known = read_json(cache_path, {})
            if key not in known:
                found = self.compiler.live_lines(text, self.declarations.get(ov.qualname, signature))
                with self.lock:
                    known = read_json(cache_path, {})
                    known[key] = sorted(found)
                    write_json(cache_path, known)
            lines |= set(known[key])
        return lines

    def screen(self, ov, mutant, seed):
        """{"status": stillborn | equivalent | differs | unavailable, "signature", "detail"}: the mutant is
        compiled at the overload's signatures in a seeded order until one gives code the original does not."""
        signatures = list(ov.signatures)
        random.Random(f"{seed}:{mutant.hash}").shuffle(signatures)
        tried = []
        for signature in signatures:
            original = self.original(ov, signature)
            if original is None:
                return {"status": "unavailable", "signature": signature, "tried": tried,
                        "detail": "the original does not compile in the screening unit at this signature"}
            ok, asm = self.compiler.assembly(mutant.source, self.declarations.get(ov.qualname, signature))
            tried.append(signature)
            if not ok:
                return {"status": "stillborn", "signature": signature, "tried": tried, "detail": asm}
            if asm != original:
                return {"status": "differs", "signature": signature, "tried": tried, "detail": ""}
        return {"status": "equivalent", "signature": signatures[0], "tried": tried,
                "detail": "TCE: identical object code at " + "; ".join(tried)}


def shown(path):
    """A path as the report shows it: relative to the repository when inside it."""
    path = Path(path).resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def mutant_record(ov, m, folder):
    return {
        "op": ov.qualname, "family": ov.family, "overload": ov.overload, "version": ov.version,
        "header": shown(ov.header), "tolerance": ov.tolerance, "domain": ov.domain,
        "kind": m.kind, "line": m.line, "original": m.original, "mutated": m.mutated, "hash": m.hash,
        "diff": unified_diff(ov.header.read_text(), m.source, ov.header.name), "folder": shown(folder),
    }


def screen_op(args, screen, qualname, overloads, reviewed):
    """The op's mutants in sampling order, screened until `cap` are left to verify (or max_screened)."""
    found = []
    for ov in overloads:
        for m in mutants.find_mutants(ov.header.read_text(), f"{ov.qualname}/{ov.header.name}"):
            if not args.kinds or m.kind in args.kinds:
                found.append((ov, m))
    live = {id(ov): screen.live_lines(ov) for ov in overloads}

    def is_live(ov, m):
        return any(line in live[id(ov)] for line in range(m.line, m.line + m.original.count("\n") + 1))

    records, to_verify = [], 0
    for ov, m in sampling_order(found, args.seed, qualname, is_live)[: args.max_screened]:
        if to_verify >= args.cap:
            break
        folder = args.out / "ops" / qualname / m.hash[:16]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "candidate.hpp").write_text(m.source)
        record = mutant_record(ov, m, folder)
        record["on_live_line"] = is_live(ov, m)
        cached = read_json(folder / "screen.json", None)
        outcome = cached if cached else screen.screen(ov, m, args.seed)
        write_json(folder / "screen.json", outcome)
        record["screen"] = outcome
        record["signature"] = outcome["signature"]
        record["listed_equivalent"] = reviewed.get((qualname, ov.overload, m.hash))
        if outcome["status"] in ("differs", "unavailable"):
            to_verify += 1
        records.append(record)
    return records


def finish_record(record, result, notes):
    """The outcome of one mutant from its screening and verifier result."""
    status = record["screen"]["status"]
    record["equivalence"] = None
    if status == "stillborn":
        record.update(outcome="stillborn", stage="", reason=record["screen"]["detail"])
    elif status == "equivalent":
        record.update(outcome="equivalent", stage="", reason=record["screen"]["detail"])
        record["equivalence"] = {"by": "TCE", "reason": record["screen"]["detail"]}
    elif result is None:
        record.update(outcome="unverified", stage="", reason="--screen-only")
    else:
        record.update(outcome=result["classification"], stage=result["stage"], reason=result["reason"],
                      seconds=result["seconds"], phases=result["phases"],
                      report=str(Path(record["folder"]) / result["report"]) if result["report"] else None)
        if result["classification"] == "survived" and record["listed_equivalent"]:
            record["outcome"] = "equivalent"
            record["equivalence"] = {"by": "review", "reason": record["listed_equivalent"]}
    note = notes.get(record["hash"])
    if note and record["outcome"] == "survived":
        record["analysis"] = note["analysis"]
        if "witness" in note:
            record["witness_case"] = note["witness"]
    return record


def read_reviewed(path):
    """(op, overload, hash) -> reason, from the reviewed equivalent_mutants.json."""
    entries = read_json(path, {"mutants": []})["mutants"]
    return {(e["op"], e["overload"], e["hash"]): e["reason"] for e in entries}


def prune_workers(cache_dir):
    """Worker executables of mutants are never reused; the precompiled preludes are."""
    compile_dir = Path(cache_dir) / "compile"
    for sub in compile_dir.glob("??"):
        shutil.rmtree(sub, ignore_errors=True)


def main(argv):
    args = parse_args(argv)
    started, t0 = datetime.datetime.now(datetime.timezone.utc), time.monotonic()
    if not args.opsynth.exists():
        print(f"{args.opsynth}: not built (cmake --build {args.build} --target opsynth)", file=sys.stderr)
        return 2
    ops = library.read_library(args.oplib)
    try:
        chosen = library.select(ops, args.ops, args.module, args.family, args.per_family, args.seed)
        chosen = library.select(ops, chosen + args.include)
    except ValueError as e:
        print(e, file=sys.stderr)
        return 2
    if not chosen:
        print("no op selected", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    opsynth_sha = sha256_file(args.opsynth)
    print(f"{len(chosen)} ops: {' '.join(chosen)}", flush=True)

    compiler = tce.Compiler(tce.read_toolchain(ROOT, args.build), args.out / "tce")
    compiler.pch()
    screen = Screen(compiler, Declarations(args.opsynth, args.out / "declarations.json"))
    reviewed = read_reviewed(args.equivalent)
    notes = {e["hash"]: e for e in read_json(args.notes, {"survivors": []})["survivors"]}

    with concurrent.futures.ThreadPoolExecutor(args.parallel) as pool:
        screened = list(pool.map(lambda q: screen_op(args, screen, q, ops[q], reviewed), chosen))
    records = [r for op_records in screened for r in op_records]
    pending = [r for r in records if r["screen"]["status"] in ("differs", "unavailable")]
    print(f"{len(records)} mutants screened, {len(pending)} to verify", flush=True)

    results, verified_now = {}, []
    if not args.screen_only:
        fingerprint = {"opsynth_sha256": opsynth_sha, "settings": "default acceptance", "oplib": str(args.oplib.resolve())}

        def run(record):
            folder = ROOT / record["folder"]
            cached = read_json(folder / "result.json", None)
            if cached and cached.get("fingerprint") == fingerprint:
                return record["hash"], cached
            verified_now.append(record["hash"])
            result = verify_run.verify_mutant(args.opsynth, args.oplib, folder, record["op"], record["signature"],
                                              args.timeout, args.cache_dir)
            result["fingerprint"] = fingerprint
            write_json(folder / "result.json", result)
            print(f"  {result['classification']:<12} {result['stage']:<10} {record['op']} {record['kind']} "
                  f"line {record['line']} {record['hash'][:12]} ({result['seconds']} s)", flush=True)
            return record["hash"], result

        with concurrent.futures.ThreadPoolExecutor(args.parallel) as pool:
            results = dict(pool.map(run, pending))

    final = [finish_record(r, results.get(r["hash"]), notes) for r in records]
    witnessed = [r for r in final if "witness_case" in r]
    if witnessed and not args.screen_only and not args.no_witnesses:
        fingerprint = {"opsynth_sha256": opsynth_sha, "oplib": str(args.oplib.resolve())}

        def check(record):
            record["witness"] = witness.check(args.opsynth, args.oplib, ROOT, record, record["witness_case"],
                                              args.timeout, args.cache_dir, fingerprint)
            print(f"  witness {'confirmed' if record['witness']['confirmed'] else 'NOT confirmed'}: {record['op']} "
                  f"{record['kind']} line {record['line']} {record['hash'][:12]}", flush=True)

        with concurrent.futures.ThreadPoolExecutor(args.parallel) as pool:
            list(pool.map(check, witnessed))
    for record in witnessed:  # the report shows a witness in short; its data stays in the notes file
        record["witness_case"] = report.abbreviated(record["witness_case"])
    finished = datetime.datetime.now(datetime.timezone.utc)
    invocations = read_json(args.out / "invocations.json", [])
    invocations.append({"started": started.strftime("%Y-%m-%dT%H:%M:%SZ"), "finished": finished.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "wall_seconds": round(time.monotonic() - t0, 1), "verified": len(verified_now)})
    if verified_now:  # an invocation that only re-reads the caches is not worth a line
        write_json(args.out / "invocations.json", invocations)
    else:
        invocations.pop()
    run_info = {
        "command": "bench/verify/mutation_score.py " + " ".join(shlex.quote(a) for a in argv),
        "opsynth": shown(args.opsynth), "opsynth_sha256": opsynth_sha, "oplib": shown(args.oplib),
        "seed": args.seed, "cap": args.cap, "max_screened": args.max_screened, "parallel": args.parallel,
        "timeout": args.timeout, "kinds": args.kinds or list(mutants.KINDS), "ops": chosen,
        # Every invocation that worked in OUT (a resumed run's earlier parts too) and the verifier time summed
        # over the mutants reported, whichever invocation ran them.
        "invocations": invocations,
        "verify_seconds": round(sum(r.get("seconds", 0) for r in final), 1),
    }
    if not args.keep_workers and not args.screen_only:
        prune_workers(args.cache_dir)
    summary = report.summarize(run_info, final)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(report.to_json(summary))
    args.json.with_suffix(".md").write_text(report.markdown(summary))
    o = summary["overall"]
    rate = "n/a" if o["kill_rate"] is None else f"{100 * o['kill_rate']:.1f}%"
    print(f"kill rate {rate}: {o['killed']} killed, {o['survived']} survived, {o['equivalent']} equivalent, "
          f"{o['stillborn']} stillborn, {o['inconclusive']} inconclusive, {o['error']} errors -> {args.json}")
    return 0


def interrupted(signum, _frame):
    """An interrupted run leaves no verifier behind; finished mutants stay cached for the next run."""
    verify_run.stop_all()
    print(f"stopped by signal {signum}; run again to resume", file=sys.stderr, flush=True)
    os._exit(130)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    sys.exit(main(sys.argv[1:]))
