#!/usr/bin/env python3
"""report.py: turns scripts/bench.sh's results.tsv into the Markdown tables of
docs/benchmarks.md and checks the goals of issue 8 against them.
usage: report.py RESULTS.tsv STRESS-LIST.tsv LARGEST_FILE
"""
import csv
import math
import sys

LABELS = {
    "floor": "parse floor (libclang parse + cursor walk)",
    "syntax": "`clang-19 -fsyntax-only` (one process per file)",
    "sl-j1": "sessionlint -j1 --no-cache (cold)",
    "sl-j2": "sessionlint -j2 --no-cache (cold)",
    "warm-j1": "sessionlint -j1, warm cache",
    "warm-j2": "sessionlint -j2, warm cache",
    "sl-noprefilter": "sessionlint -j1 --no-cache, pre-filter off",
    "cppcheck": "cppcheck 2.10 + bench/sessionlint.cfg",
    "analyze": "`clang-19 --analyze` (one process per file)",
}


def load(path):
    rows = {}
    with open(path) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            r["cpu"] = float(r["user_s"]) + float(r["sys_s"])
            r["wall"] = float(r["wall_s"])
            r["mb"] = int(r["maxrss_kb"]) / 1024
            rows[(r["set"], r["tool"])] = r
    return rows


def table(rows, set_name):
    floor = rows[(set_name, "floor")]
    out = ["| tool | wall s | CPU s | peak RSS MB | wall / floor | CPU / floor | load at start |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for (s, tool), r in rows.items():
        if s != set_name:
            continue
        note = "" if r["status"] in ("0", "1", "3") else f" (exit {r['status']})"
        out.append(f"| {LABELS[tool]}{note} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['mb']:.0f} | "
                   f"{r['wall'] / floor['wall']:.2f} | {r['cpu'] / floor['cpu']:.2f} | {r['load1']} |")
    return out


def fit_exponent(xs, ys):
    """Least-squares slope of log y against log x."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(max(y, 1e-3)) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def stress(rows, stress_list):
    out = ["| handles | statements | floor CPU s | -fsyntax-only CPU s | sessionlint CPU s | "
           "sessionlint − floor | sessionlint peak MB | cppcheck CPU s | --analyze CPU s |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    sizes, totals, analysis = [], [], []
    for line in open(stress_list):
        path, handles, statements, _ = line.rstrip("\n").split("\t")
        name = "stress:" + path.rsplit("/", 1)[-1][:-2]
        get = lambda tool: rows.get((name, tool))
        sl, fl = get("sl-j1"), get("floor")
        cell = lambda r: "-" if r is None else f"{r['cpu']:.2f}"
        ok = sl is not None and sl["status"] in ("0", "1")
        out.append(f"| {handles} | {statements} | {cell(fl)} | {cell(get('syntax'))} | "
                   f"{cell(sl)}{'' if ok else ' (exit ' + sl['status'] + ')'} | "
                   f"{sl['cpu'] - fl['cpu']:.2f} | {sl['mb']:.0f} | {cell(get('cppcheck'))} | {cell(get('analyze'))} |")
        if ok:
            sizes.append(int(statements))
            totals.append(sl["cpu"])
            analysis.append(sl["cpu"] - fl["cpu"])
    return out, sizes, totals, analysis


def verdict(ok):
    return "**met**" if ok else "**not met**"


def goals(rows, sizes, totals, analysis):
    c = lambda tool, s="corpus": rows[(s, tool)]
    fl, j1, j2 = c("floor"), c("sl-j1"), c("sl-j2")
    out = []
    r = j1["cpu"] / fl["cpu"]
    out.append(f"- Cold run at most 1.20x the parse floor on the corpus: {verdict(r <= 1.2)}: "
               f"sessionlint -j1 costs {r:.2f}x the floor in CPU time ({j1['cpu']:.2f} s vs {fl['cpu']:.2f} s; "
               f"wall {j1['wall'] / fl['wall']:.2f}x); `clang -fsyntax-only` costs {c('syntax')['cpu'] / fl['cpu']:.2f}x.")
    r = c("analyze")["cpu"] / j1["cpu"]
    out.append(f"- At least 5x faster than `clang --analyze`: {verdict(r >= 5)}: {r:.1f}x "
               f"({c('analyze')['cpu']:.2f} s vs {j1['cpu']:.2f} s CPU).")
    m = rows[("mixed", "sl-j1")]
    mf = rows[("mixed", "floor")]
    mn = rows[("mixed", "sl-noprefilter")]
    out.append(f"- On a tree where most files do not touch a database API, the pre-filter makes the run faster "
               f"than the floor: {verdict(m['cpu'] < mf['cpu'])}: {m['cpu']:.2f} s CPU with the pre-filter, "
               f"{mn['cpu']:.2f} s without, floor {mf['cpu']:.2f} s ({m['cpu'] / mf['cpu']:.2f}x the floor).")
    r = j1["wall"] / j2["wall"]
    out.append(f"- -j2 at least 1.8x faster than -j1: {verdict(r >= 1.8)}: {r:.2f}x in wall time "
               f"({j1['wall']:.2f} s vs {j2['wall']:.2f} s).")
    w = c("warm-j1")
    r = w["wall"] / j1["wall"]
    out.append(f"- A warm re-run of an unchanged tree at most 5% of a cold run: {verdict(r <= 0.05)}: "
               f"{100 * r:.1f}% in wall time ({w['wall']:.2f} s vs {j1['wall']:.2f} s; CPU "
               f"{100 * w['cpu'] / j1['cpu']:.1f}%).")
    lf = rows[("largest", "floor")]
    peak = max(j1["mb"], j2["mb"])
    out.append(f"- Peak memory at most 1.5x that of parsing the largest file: {verdict(peak <= 1.5 * lf['mb'])}: "
               f"{peak:.0f} MB on the corpus (-j1 {j1['mb']:.0f}, -j2 {j2['mb']:.0f}) against {lf['mb']:.0f} MB "
               f"for the parse floor on the largest file ({peak / lf['mb']:.2f}x).")
    if len(sizes) >= 2:
        e, ea = fit_exponent(sizes, totals), fit_exponent(sizes, analysis)
        out.append(f"- Time close to linear in function size (stress set): {verdict(e <= 1.2)}: fitted exponent "
                   f"{e:.2f} for sessionlint's CPU time, {ea:.2f} for its time beyond the parse "
                   f"(time ∝ statements^exponent; 1 is linear).")
    return out


def main():
    rows = load(sys.argv[1])
    lines = ["### Corpus (Debian packages, the files calling a database API)", ""] + table(rows, "corpus")
    lines += ["", f"### Largest corpus file ({sys.argv[3]})", ""] + table(rows, "largest")
    lines += ["", "### Pre-filter tree (database files plus other C files of the same packages)", ""]
    lines += table(rows, "mixed")
    st, sizes, totals, analysis = stress(rows, sys.argv[2])
    lines += ["", "### Stress set (one function per file, bench/gen_stress.py)", ""] + st
    lines += ["", "### Goals of issue 8", ""] + goals(rows, sizes, totals, analysis)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
