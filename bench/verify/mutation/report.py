# The mutation score as data and as Markdown: kill rate per op, family and kind, kills per stage,
# and every survivor with its diff, signature, verify report and (when a person wrote one) the input
# that would have killed it.
import json
from collections import Counter

OUTCOMES = ("killed", "survived", "equivalent", "stillborn", "inconclusive", "error")
STAGES = ("static", "stored", "edge", "repair", "acceptance", "sanitizer")


def kill_rate(counts):
    scored = counts["killed"] + counts["survived"]
    return round(counts["killed"] / scored, 4) if scored else None


def tally(mutants):
    counts = Counter({o: 0 for o in OUTCOMES})
    counts.update(m["outcome"] for m in mutants)
    out = dict(counts)
    out["kill_rate"] = kill_rate(counts)
    return out


def summarize(run, mutants):
    """The whole report as one JSON-ready dict; `mutants` are the records of mutation_score.py."""
    by = lambda key: {k: tally([m for m in mutants if m[key] == k]) for k in sorted({m[key] for m in mutants})}
    stages = Counter(m["stage"] for m in mutants if m["outcome"] == "killed")
    equivalence = Counter(m["equivalence"]["by"] for m in mutants if m["outcome"] == "equivalent")
    return {
        "run": run,
        "overall": tally(mutants),
        "kills_per_stage": {s: stages.get(s, 0) for s in STAGES},
        "equivalent_by": dict(equivalence),
        "per_family": by("family"),
        "per_kind": by("kind"),
        "per_op": by("op"),
        "survivors": [m for m in mutants if m["outcome"] == "survived"],
        "review_contradicted": [m for m in mutants if m.get("listed_equivalent") and m["outcome"] == "killed"],
        "witnesses": {
            "checked": sum(1 for m in mutants if m.get("witness")),
            "confirmed": sum(1 for m in mutants if m.get("witness", {}).get("confirmed")),
            "original_fails": [f"{m['op']} {m['hash'][:12]}" for m in mutants
                               if m.get("witness") and m["witness"]["original"]["classification"] != "survived"],
        },
        "mutants": mutants,
    }


def to_json(summary):
    """The summary as JSON text: the tables indented, each mutant record on one line."""
    out = "{\n"
    items = list(summary.items())
    for n, (key, value) in enumerate(items):
        if key in ("mutants", "survivors", "review_contradicted"):
            body = ",\n".join("  " + json.dumps(m, sort_keys=True, ensure_ascii=False) for m in value)
            text = "[\n" + body + "\n ]" if value else "[]"
        else:
            text = json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False).replace("\n", "\n ")
        out += f" {json.dumps(key)}: {text}" + (",\n" if n + 1 < len(items) else "\n")
    return out + "}\n"


def _rate(t):
    return "–" if t["kill_rate"] is None else f"{100 * t['kill_rate']:.1f}%"


def _table(title, rows):
    md = f"\n## {title}\n\n| | killed | survived | kill rate | equivalent | stillborn | inconclusive | error |\n"
    md += "|---|---:|---:|---:|---:|---:|---:|---:|\n"
    for name, t in rows.items():
        md += (f"| {name} | {t['killed']} | {t['survived']} | {_rate(t)} | {t['equivalent']} | {t['stillborn']} "
               f"| {t['inconclusive']} | {t['error']} |\n")
    return md


def markdown(summary):
    run, overall = summary["run"], summary["overall"]
    md = "# Mutation score of the verifier\n\n"
    md += (f"Kill rate **{_rate(overall)}** ({overall['killed']} killed / {overall['killed'] + overall['survived']} "
           f"scored) over {len(summary['per_op'])} ops; {overall['equivalent']} equivalent "
           f"({', '.join(f'{n} by {k}' for k, n in sorted(summary['equivalent_by'].items())) or 'none'}) and "
           f"{overall['stillborn']} stillborn set aside, {overall['inconclusive']} inconclusive, "
           f"{overall['error']} errors.\n\n")
    md += f"- command: `{run['command']}`\n- verifier: `{run['opsynth']}` (sha256 {run['opsynth_sha256'][:16]}…)\n"
    md += (f"- settings: seed {run['seed']}, at most {run['cap']} verified mutants per op, --parallel {run['parallel']}, "
           f"timeout {run['timeout']} s per verify, default acceptance settings\n")
    md += f"- verifier time summed over the mutants: {run['verify_seconds'] / 60:.1f} min\n"
    md += "- invocations in the working folder (a resumed run reuses what earlier ones verified):\n"
    md += "".join(f"  - {i['started']} to {i['finished']}: {i['wall_seconds'] / 60:.1f} min wall, {i['verified']} "
                  f"mutants verified{' (' + i['note'] + ')' if i.get('note') else ''}\n" for i in run["invocations"])
    md += "\nKill rate = killed / (killed + survived); equivalent and stillborn mutants are not scored.\n"
    md += "\n## Kills per stage\n\n| stage | kills |\n|---|---:|\n"
    md += "".join(f"| {s} | {n} |\n" for s, n in summary["kills_per_stage"].items())
    md += _table("Per family", summary["per_family"])
    md += _table("Per mutation kind", summary["per_kind"])
    md += _table("Per op", summary["per_op"])
    if summary["review_contradicted"]:
        md += "\n## Listed as equivalent but killed (the review was wrong)\n\n"
        md += "".join(f"- {m['op']} {m['overload']} `{m['hash'][:12]}`: {m['reason']}\n" for m in summary["review_contradicted"])
    w = summary["witnesses"]
    md += f"\n## Survivors ({len(summary['survivors'])})\n\n"
    md += (f"{w['checked']} survivors carry a witness from survivor_notes.json, {w['confirmed']} confirmed (it kills the "
           f"mutant as a stored case and the accepted original passes it).\n")
    if w["original_fails"]:
        md += f"Witnesses the accepted original fails too: {', '.join(w['original_fails'])}.\n"
    for m in summary["survivors"]:
        md += _survivor(m)
    equivalents = [m for m in summary["mutants"] if m["outcome"] == "equivalent" and m["equivalence"]["by"] == "review"]
    if equivalents:
        md += "\n## Equivalent by review\n"
        for m in equivalents:
            md += f"\n### {m['op']} · {m['overload']}.v{m['version']} · {m['kind']} line {m['line']} · `{m['hash'][:12]}`\n\n"
            md += f"{m['equivalence']['reason']}\n\n```diff\n{m['diff']}```\n"
    return md


def _survivor(m):
    md = f"\n### {m['op']} · {m['overload']}.v{m['version']} · {m['kind']} line {m['line']} · `{m['hash'][:12]}`\n\n"
    md += f"- signature: `{m['signature']}`\n- verify report: `{m['report']}`\n"
    cases = ", ".join(f"{p['phase']} {p['run']}" for p in m.get("phases", []))
    if cases:
        md += f"- cases run: {cases}\n"
    if m.get("analysis"):
        md += f"- why it survived: {m['analysis']}\n"
    if m.get("witness_case") is not None:
        md += f"- witness (the input that kills it): `{m['witness_case']}`\n"
    if m.get("witness"):
        w = m["witness"]
        verdict = "kills it at the stored stage" if w["mutant"]["stage"] == "stored" else (
            f"does not kill it ({w['mutant']['classification']} {w['mutant']['stage']})")
        original = "the accepted original passes it" if w["original"]["classification"] == "survived" else (
            f"the accepted original FAILS it too ({w['original']['stage']}: {w['original']['reason'][:200]})")
        md += f"- witness check: {verdict}; {original}\n"
    return md + f"\n```diff\n{m['diff']}```\n"


def abbreviated(case, limit=240):
    """A witness case in one line: its arguments' JSON (and layouts), cut at `limit` characters."""
    text = json.dumps(case["args"], ensure_ascii=False)
    layouts = [layout for layout in case.get("layouts", []) if layout]
    if layouts:
        text += " layouts " + json.dumps(case["layouts"])
    return text if len(text) <= limit else text[: limit - 1] + "…"

