# A survivor's witness: the input a person says would have killed it (survivor_notes.json), checked by
# storing it as a counterexample of the op in a scratch library and verifying both the mutant (it must
# fail at the stored stage) and the accepted original (it must not), with no generated cases at all.
import hashlib
import json
from pathlib import Path

from . import verify_run

STORED_ONLY = ("--cases", "0", "--repair-cases", "0", "--sanitizer-cases", "0")


def _run(opsynth, oplib, folder, record, candidate, witness, timeout, cache_dir, name):
    r = verify_run.verify_mutant(opsynth, oplib, folder, record["op"], record["signature"], timeout, cache_dir,
                                 candidate=candidate, stored_case=witness, extra_args=STORED_ONLY, report_name=name)
    return {k: r[k] for k in ("classification", "stage", "reason", "report")}


def check(opsynth, oplib, root, record, witness, timeout, cache_dir, fingerprint):
    """{"mutant": ..., "original": ..., "confirmed": bool}, cached in the mutant's folder."""
    folder = Path(root) / record["folder"]
    key = dict(fingerprint, witness=hashlib.sha256(json.dumps(witness, sort_keys=True).encode()).hexdigest())
    cache = folder / "witness.json"
    if cache.exists():
        cached = json.loads(cache.read_text())
        if cached.get("key") == key:
            return cached
    mutant = _run(opsynth, oplib, folder, record, folder / "candidate.hpp", witness, timeout, cache_dir,
                  "witness-mutant.json")
    original = _run(opsynth, oplib, folder, record, Path(root) / record["header"], witness, timeout, cache_dir,
                    "witness-original.json")
    result = {
        "key": key,
        "mutant": mutant,
        "original": original,
        "confirmed": (mutant["classification"], mutant["stage"]) == ("killed", "stored")
        and original["classification"] == "survived",
    }
    cache.write_text(json.dumps(result, indent=1) + "\n")
    return result
