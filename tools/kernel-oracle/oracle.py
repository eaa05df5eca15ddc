"""fencecheck kernel oracle: replays scenarios on a real lockdep kernel and compares.

Usage: tools/kernel-oracle/run [--random N] [--seed S] [--no-shrink] [--out DIR] [FILE|DIR]...
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import gen  # noqa: E402
import kernel  # noqa: E402
from scenario import Scenario, ScenarioError, parse  # noqa: E402
from translate import TranslateError, translate  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
EXCLUDED = {"double-signal", "lock-held-at-exit"}     # no kernel report
LOCKDEP_KINDS = {"circular-dependency", "recursive-locking", "bad-unlock", "irq-unsafe", "ww-context-misuse"}
SLEEP = "sleep-in-atomic"


def log(msg: str) -> None:
    print(f"kernel-oracle: {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------- fencecheck
def fencecheck(paths: List[str]) -> Dict[str, Optional[list]]:
    """`fencecheck check --json`: path -> findings (None when fencecheck rejects the file)."""
    cmd = shlex.split(os.environ.get("FENCECHECK", os.path.join(REPO, "fencecheck")))
    out: Dict[str, Optional[list]] = {}
    for i in range(0, len(paths), 400):
        chunk = paths[i:i + 400]
        r = subprocess.run(cmd + ["check", "--json"] + chunk, capture_output=True, text=True, cwd=REPO)
        try:
            doc = json.loads(r.stdout)
        except json.JSONDecodeError:
            sys.stderr.write(r.stderr[-4000:])
            raise SystemExit(f"kernel-oracle: fencecheck failed (exit {r.returncode})")
        for f in doc.get("files", []):
            p = os.path.abspath(os.path.join(REPO, f["path"]))
            out[p] = f.get("findings") if "error" not in f and f.get("findings") is not None else None
    return out


# ---------------------------------------------------------------------- comparison
@dataclass
class Verdict:
    path: str
    agree: bool
    reasons: List[str] = field(default_factory=list)
    kernel: str = ""
    fencecheck: str = ""
    signature: str = ""
    same_line: bool = True  # the kernel's first report is at an operation where fencecheck reports that kind


def describe_kernel(k: kernel.KernelResult) -> str:
    parts = []
    if k.crashed:
        parts.append("kernel crashed or hung in this scenario")
    if k.first:
        parts.append(f"first lockdep report '{k.headline}' ({k.first}) at line {k.line}")
    if k.sleep:
        parts.append(f"'{k.sleep_headline}' ({SLEEP})")
    parts += [f"unexpected '{o}'" for o in k.other]
    parts += [f"(ignored, another task's: '{o}')" for o in k.foreign]
    return "; ".join(parts) or "clean"


def describe_fc(findings: list) -> str:
    if not findings:
        return "clean"
    return ", ".join(f"{f['kind']}" + (f" [{f['rule']}]" if f.get("rule") else "") + f" at line {f.get('line')}"
                     for f in findings)


RELEASING = {"unlock", "end_signalling", "ww_release", "wait", "signal"}


def _wait_context(f: dict) -> bool:
    return f["kind"] == SLEEP and (f.get("report") or [""])[0] == "[ BUG: Invalid wait context ]"


def compare(path: str, findings: list, k: kernel.KernelResult, sc: Optional[Scenario] = None) -> Verdict:
    """The comparison rule (README.md, "Comparison rule")."""
    F = [f for f in findings if f["kind"] not in EXCLUDED]
    op_at = {op.line: op.code for b in (sc.bodies if sc else []) for op in b.ops}
    kinds = {f["kind"] for f in F}
    reasons: List[str] = []
    sig: List[str] = []
    if k.crashed:
        reasons.append("the kernel crashed or hung")
        sig.append("crash")
    if k.other:
        reasons.append(f"kernel report that maps to no finding kind: {k.other[0]}")
        m = re.search(r" at (\S+:\d+)", " ".join(k.other))
        sig.append("other:" + (m.group(1) if m else k.other[0][:60]))
    if k.first and k.line == -1:
        reasons.append(f"kernel report outside the scenario's operations: {k.headline}")
        sig.append("harness")
    k_sleep = k.sleep or k.first == SLEEP
    # fencecheck's sleep-in-atomic from lockdep's wait-context check (a sleeping lock taken
    # without might_sleep(), ww_acquire_init()'s first lock) is a lockdep report: hidden once
    # the kernel's lockdep made another first report
    fc_sleep = any(f["kind"] == SLEEP and not _wait_context(f) for f in F) or \
        (any(_wait_context(f) for f in F) and k.first in (None, SLEEP))
    if fc_sleep != k_sleep:
        if k_sleep:
            reasons.append(f"kernel reports {SLEEP}, fencecheck does not")
            sig.append("kernel-only:" + SLEEP)
        else:
            reasons.append(f"fencecheck reports {SLEEP}, the kernel does not")
            sig.append("fc-only:" + SLEEP)
    if k.first and k.first != SLEEP:
        if k.first not in kinds:
            reasons.append(f"kernel's first lockdep report is {k.first} (line {k.line}); fencecheck has no such finding")
            sig.append("kernel-only:" + k.first)
    if k.first and k.line is not None and k.line >= 0 and not reasons:
        # Both run the same operations in the same order, so fencecheck's first lockdep finding
        # must come from the operation of the kernel's first report. fencecheck places a report
        # made while re-acquiring the locks above a released one (lockdep.c
        # reacquire_held_locks()) at the line of the re-acquired lock, so after a releasing
        # operation an earlier line is accepted.
        ld = [f for f in F if f["kind"] in LOCKDEP_KINDS]
        releasing = op_at.get(k.line) in RELEASING
        at = [j for j, f in enumerate(F) if f.get("line") == k.line]
        if ld:
            block = [f["kind"] for f in ld if f.get("line") == ld[0].get("line")]
            same_op = ld[0].get("line") == k.line or releasing
            # after an Invalid wait context report lockdep is off: later findings are hidden
            hidden = k.first == SLEEP and (not at or F.index(ld[0]) > at[0])
            # fencecheck searches strong paths exactly; lockdep's __bfs() marks a class visited
            # the first time it reaches it, so a class first reached through a recursive-read
            # edge hides a strong cycle behind it until a later chain finds it (DependencyGraph
            # .search()). A circular dependency through a recursive read that fencecheck reports
            # before the kernel's first (circular) report is that difference, not a disagreement.
            exact = (ld[0]["kind"] == "circular-dependency" and k.first == "circular-dependency"
                     and any("[recursive read]" in line for line in ld[0].get("report") or []))
            if not same_op and not hidden and not exact:
                reasons.append(f"fencecheck's first lockdep finding is {ld[0]['kind']} at line {ld[0].get('line')}, "
                               f"the kernel's first lockdep report is {k.first} at line {k.line}")
                sig.append(f"first-at-other-line:{ld[0]['kind']}:{k.first}")
            elif k.first != SLEEP and k.first not in block:
                reasons.append(f"at line {k.line} the kernel reports {k.first}, fencecheck {', '.join(block)}")
                sig.append(f"other-kind-first:{k.first}")
    same_line = k.first is None or any(f["kind"] == k.first and f.get("line") == k.line for f in F)
    return Verdict(path, not reasons, reasons, describe_kernel(k), describe_fc(findings), "|".join(sorted(sig)),
                   same_line)


# ---------------------------------------------------------------------- one batch
@dataclass
class Item:
    path: str
    sc: Scenario


def run_batch(kern: kernel.Kernel, items: List[Item], workdir: str, tag: str) -> Dict[str, Verdict]:
    """fencecheck + kernel on a batch of scenario files; path -> verdict (skipped files absent)."""
    if not items:
        return {}
    fc = fencecheck([it.path for it in items])
    ok: List[Item] = []
    for it in items:
        if fc.get(os.path.abspath(it.path)) is None:
            log(f"skipping {it.path}: fencecheck does not accept it")
            continue
        ok.append(it)
    good: List[Item] = []
    for it in ok:
        try:
            translate([it.sc], [it.path])
            good.append(it)
        except TranslateError as e:
            log(f"skipping {it.path}: {e}")
    csrc = translate([it.sc for it in good], [os.path.relpath(it.path, REPO) if it.path.startswith(REPO)
                                              else it.path for it in good])
    with open(os.path.join(workdir, f"{tag}.c"), "w") as f:
        f.write(csrc)
    kern.build_with(csrc)
    results: Dict[int, kernel.KernelResult] = {}
    start, boots = 0, 0
    text_all = ""
    while start < len(good):
        boots += 1
        logpath = os.path.join(workdir, f"{tag}-console-{boots}.log")
        text = kern.boot(logpath, start)
        text_all += text
        res = kernel.parse_log(text)
        results.update(res)
        done = [i for i in res if not res[i].crashed]
        crashed = [i for i in res if res[i].crashed]
        full = re.search(r"^(?:\[[^]]*\] )?FCO: full (\d+)", text, re.M)
        if full and not crashed:
            # lockdep's stack trace buffer (never freed) is nearly used up: boot again from there
            start = int(full.group(1))
            continue
        if crashed:
            start = max(crashed) + 1
        elif "FCO: done" in text:
            break
        elif done:
            start = max(done) + 1
            if start < len(good):
                results[start] = kernel.KernelResult(start, crashed=True)
                start += 1
        else:
            raise SystemExit(f"kernel-oracle: the kernel did not start the scenarios; see {logpath}")
        if boots > 50:
            raise SystemExit("kernel-oracle: too many crashes")
    out: Dict[str, Verdict] = {}
    for i, it in enumerate(good):
        k = results.get(i) or kernel.KernelResult(i, crashed=True)
        out[it.path] = compare(it.path, fc[os.path.abspath(it.path)], k, it.sc)
    return out


# ---------------------------------------------------------------------- shrinking
def candidates(sc: Scenario) -> List[Scenario]:
    """One-step simplifications: drop a body, drop an op, simplify a context."""
    import copy
    out: List[Scenario] = []
    for bi in range(len(sc.bodies)):
        c = copy.deepcopy(sc)
        del c.bodies[bi]
        if any(b.kind == "thread" for b in c.bodies):
            out.append(c)
    for bi, b in enumerate(sc.bodies):
        if b.kind == "thread" and b.context != "process":
            c = copy.deepcopy(sc)
            c.bodies[bi].context = "process"
            out.append(c)
        for oi in range(len(b.ops)):
            c = copy.deepcopy(sc)
            del c.bodies[bi].ops[oi]
            if c.bodies[bi].ops or c.bodies[bi].kind == "thread":
                out.append(c)
    return out


def tidy(sc: Scenario) -> Scenario:
    """Drops declarations nothing uses."""
    used = set()
    for b in sc.bodies:
        for op in b.ops:
            used.add(op.target)
            used.add(op.extra)
    for name in list(sc.locks):
        if name not in used:
            del sc.locks[name]
    for name in list(sc.fences):
        if name not in used:
            del sc.fences[name]
    return sc


def shrink(kern, failing: Dict[str, Tuple[Scenario, Verdict]], workdir: str) -> Dict[str, Tuple[str, Verdict]]:
    """Greedy shrinking of all disagreements at once: each round tries every one-step
    simplification of every scenario in one fencecheck call and one kernel boot, and keeps
    the first that still disagrees with the same signature."""
    cur = {k: v for k, v in failing.items()}
    active = set(cur)
    rnd = 0
    while active:
        rnd += 1
        items: List[Item] = []
        owner: Dict[str, Tuple[str, Scenario]] = {}
        for key in sorted(active):
            sc, _ = cur[key]
            for j, c in enumerate(candidates(sc) + [tidy(parse(sc.render()))]):
                c = parse(c.render())
                if c.render() == sc.render():
                    continue
                p = os.path.join(workdir, "shrink", f"{os.path.basename(key)}.r{rnd}.c{j}.scenario")
                os.makedirs(os.path.dirname(p), exist_ok=True)
                with open(p, "w") as f:
                    f.write(c.render())
                items.append(Item(p, c))
                owner[p] = (key, c)
        log(f"shrinking round {rnd}: {len(active)} scenario(s), {len(items)} candidates")
        verdicts = run_batch(kern, items, workdir, f"shrink{rnd}")
        progressed = set()
        for it in items:
            key, c = owner[it.path]
            if key in progressed:
                continue
            v = verdicts.get(it.path)
            if v and not v.agree and v.signature == cur[key][1].signature:
                cur[key] = (c, v)
                progressed.add(key)
        active = progressed
    return {k: (sc.render(), v) for k, (sc, v) in cur.items()}


# ---------------------------------------------------------------------- main
def collect(paths: List[str]) -> List[str]:
    files: List[str] = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                files += [os.path.join(root, n) for n in names if n.endswith(".scenario")]
        else:
            files.append(p)
    return sorted(os.path.abspath(f) for f in files)


def parse_seed(text: str) -> int:
    """A decimal seed, or a hex one with 0x (a commit prefix: 0x$(git rev-parse HEAD | cut -c1-8))."""
    try:
        return int(text, 16) if text.lower().startswith("0x") else int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a decimal or 0x-hex number: {text!r}")
parse_seed.__name__ = "seed"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="tools/kernel-oracle/run", description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", metavar="FILE|DIR")
    ap.add_argument("--random", type=int, default=0, metavar="N", help="also check N generated scenarios")
    ap.add_argument("--seed", type=parse_seed, default=None, metavar="S",
                    help="generator seed, decimal or 0x-hex, e.g. 0x$(git rev-parse HEAD | cut -c1-8) (default: time)")
    ap.add_argument("--no-shrink", action="store_true", help="do not shrink random disagreements")
    ap.add_argument("--shrink-files", action="store_true", help="shrink disagreements of FILE|DIR scenarios too")
    ap.add_argument("--verbose", "-v", action="store_true", help="also print every agreeing verdict")
    ap.add_argument("--out", default=None, metavar="DIR",
                    help="where to keep generated and shrunk scenarios, C source and console logs")
    args = ap.parse_args(argv)
    t0 = time.time()
    if not args.paths and not args.random:
        ap.error("give FILE|DIR arguments and/or --random N")
    seed = args.seed if args.seed is not None else int(time.time()) % 100000
    workdir = os.path.abspath(args.out or tempfile.mkdtemp(prefix="fencecheck-oracle-"))
    os.makedirs(workdir, exist_ok=True)

    items: List[Item] = []
    for p in collect(args.paths):
        try:
            items.append(Item(p, parse(open(p).read(), p)))
        except (ScenarioError, OSError) as e:
            log(f"skipping {p}: {e}")
    random_paths = set()
    if args.random:
        rdir = os.path.join(workdir, "random")
        os.makedirs(rdir, exist_ok=True)
        for i, text in enumerate(gen.generate_many(args.random, seed)):
            p = os.path.join(rdir, f"seed{seed}-{i:04d}.scenario")
            with open(p, "w") as f:
                f.write(text)
            items.append(Item(p, parse(text, p)))
            random_paths.add(p)
        log(f"generated {args.random} scenarios with --seed {seed} in {rdir}")

    with kernel.Kernel() as kern:
        kern.prepare()
        verdicts = run_batch(kern, items, workdir, "main")
        bad = [v for v in verdicts.values() if not v.agree]
        shrunk: Dict[str, Tuple[str, Verdict]] = {}
        to_shrink = {v.path: (next(it.sc for it in items if it.path == v.path), v)
                     for v in bad if v.path in random_paths or args.shrink_files}
        if to_shrink and not args.no_shrink:
            shrunk = shrink(kern, to_shrink, workdir)

    mindir = os.path.join(workdir, "minimal")
    for v in sorted(bad, key=lambda v: v.path):
        print(f"DISAGREE {os.path.relpath(v.path) if v.path.startswith(REPO) else v.path}")
        print(f"  kernel:     {v.kernel}")
        print(f"  fencecheck: {v.fencecheck}")
        for r in v.reasons:
            print(f"  - {r}")
        if v.path in shrunk:
            text, mv = shrunk[v.path]
            os.makedirs(mindir, exist_ok=True)
            mp = os.path.join(mindir, os.path.basename(v.path))
            with open(mp, "w") as f:
                f.write(f"# shrunk from {v.path}\n# kernel:     {mv.kernel}\n# fencecheck: {mv.fencecheck}\n")
                f.write(text)
            print(f"  minimal scenario ({mp}):")
            print(f"    kernel:     {mv.kernel}")
            print(f"    fencecheck: {mv.fencecheck}")
            for line in text.rstrip().splitlines():
                print(f"    | {line}")
        print()
    if args.verbose:
        for v in sorted(verdicts.values(), key=lambda v: v.path):
            if v.agree:
                print(f"AGREE {os.path.relpath(v.path) if v.path.startswith(REPO) else v.path}: "
                      f"kernel: {v.kernel} | fencecheck: {v.fencecheck}")
    agree = sum(1 for v in verdicts.values() if v.agree)
    strict = sum(1 for v in verdicts.values() if v.agree and v.same_line)
    for v in sorted(verdicts.values(), key=lambda v: v.path):
        if v.agree and not v.same_line:
            print(f"NOTE {v.path}: agrees (allowance of rule 5): the kernel's first report is not at a line where fencecheck "
                  f"reports that kind (kernel: {v.kernel}; fencecheck: {v.fencecheck})")
    log(f"{strict}/{len(verdicts)} also agree on the line of the kernel's first lockdep report")
    log(f"wall time {time.time() - t0:.0f}s; work directory {workdir}")
    if args.random:
        log(f"random scenarios: --seed {seed}")
    print(f"kernel lockdep agrees on {agree}/{len(verdicts)} scenarios")
    return 0 if agree == len(verdicts) else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit as e:
        if isinstance(e.code, str):  # an infrastructure failure, not a verdict
            print(e.code, file=sys.stderr)
            sys.exit(2)
        raise
