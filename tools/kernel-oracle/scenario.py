"""A small reader and writer for the .scenario format (shared/docs/scenario-format.md).

It only needs to be as strict as the oracle needs: fencecheck itself is the judge
of what parses; a file fencecheck rejects is skipped by the oracle.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional

BUILTIN_LOCKS = {
    # name: (kind, spinning, sleeping)
    "mmap_lock": ("rwsem", False, True),
    "i_mmap_rwsem": ("rwsem", False, True),
    "fs_reclaim": ("map", False, False),
    "mmu_notifier": ("map", False, False),
    "dma_fence_map": ("map", False, False),
    "dma_resv": ("ww_mutex", False, True),
    "dma_resv_acquire": ("map", False, False),
}
KINDS = {
    # kind: (spinning, sleeping)
    "mutex": (False, True),
    "spinlock": (True, False),
    "rwsem": (False, True),
    "rwlock": (True, False),
    "ww_mutex": (False, True),
    "map": (False, False),
}
CONTEXTS = ("process", "kthread", "softirq", "hardirq")
NOARG_OPS = {
    "nofs_save", "nofs_restore", "noio_save", "noio_restore", "noreclaim_save",
    "noreclaim_restore", "begin_signalling", "end_signalling", "might_sleep",
    "irq_disable", "irq_enable", "bh_disable", "bh_enable", "invalidate", "reclaim",
}
ONEARG_OPS = {"lock", "read", "read_recursive", "trylock", "unlock", "alloc", "publish",
              "signal", "wait", "ww_release"}
GFPS = ("GFP_KERNEL", "GFP_NOFS", "GFP_NOIO", "GFP_NOWAIT", "GFP_ATOMIC")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


class ScenarioError(Exception):
    pass


@dataclass
class Op:
    code: str
    target: Optional[str] = None
    extra: Optional[str] = None  # ww_acquire: class; ww_lock: ctx
    line: int = 0

    def text(self) -> str:
        if self.code == "ww_acquire":
            return f"ww_acquire {self.target}" + (f" class {self.extra}" if self.extra else "")
        if self.code == "ww_lock":
            return f"ww_lock {self.target} ctx {self.extra}"
        return self.code if self.target is None else f"{self.code} {self.target}"


@dataclass
class Body:
    kind: str  # thread | shrinker | notifier
    name: str
    context: str = "process"
    ops: List[Op] = field(default_factory=list)
    line: int = 0


@dataclass
class LockDecl:
    name: str
    kind: str
    cls: str  # class name (defaults to the lock's own name)
    explicit_class: bool = False


@dataclass
class Scenario:
    title: str = ""
    expects: List[str] = field(default_factory=list)
    locks: dict = field(default_factory=dict)   # name -> LockDecl (declaration order)
    fences: dict = field(default_factory=dict)  # name -> timeline
    bodies: List[Body] = field(default_factory=list)
    path: str = ""

    def render(self) -> str:
        out = [f"scenario {self.title or 'generated'}"]
        for e in self.expects:
            out.append(f"expect {e}")
        for d in self.locks.values():
            out.append(f"lock {d.name} {d.kind}" + (f" class {d.cls}" if d.explicit_class else ""))
        for f, tl in self.fences.items():
            out.append(f"fence {f}" + (f" timeline {tl}" if tl != f else ""))
        for b in self.bodies:
            out.append("")
            if b.kind == "thread":
                out.append(f"thread {b.name}" + (f" context {b.context}" if b.context != "process" else ""))
            else:
                out.append(f"{b.kind} {b.name}")
            for op in b.ops:
                out.append("  " + op.text())
            out.append("end")
        return "\n".join(out) + "\n"


def parse(text: str, path: str = "") -> Scenario:
    sc = Scenario(path=path)
    cur: Optional[Body] = None
    seen_title = False
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        kw = words[0]
        if cur is not None:
            if kw == "end" and len(words) == 1:
                sc.bodies.append(cur)
                cur = None
                continue
            cur.ops.append(_op(words, lineno, path))
            continue
        if kw == "scenario":
            sc.title = line[len("scenario"):].strip()
            seen_title = True
        elif kw == "expect":
            sc.expects.extend(words[1:])
        elif kw == "lock":
            if len(words) not in (3, 5) or words[2] not in KINDS or (len(words) == 5 and words[3] != "class"):
                raise ScenarioError(f"{path}:{lineno}: bad lock declaration")
            name = words[1]
            cls = words[4] if len(words) == 5 else name
            sc.locks[name] = LockDecl(name, words[2], cls, len(words) == 5)
        elif kw == "fence":
            tl = words[3] if len(words) == 4 and words[2] == "timeline" else words[1]
            sc.fences[words[1]] = tl
        elif kw == "thread":
            ctx = "process"
            if len(words) == 4 and words[2] == "context":
                ctx = words[3]
            if ctx not in CONTEXTS:
                raise ScenarioError(f"{path}:{lineno}: bad context {ctx}")
            cur = Body("thread", words[1], ctx, line=lineno)
        elif kw in ("shrinker", "notifier"):
            cur = Body(kw, words[1], "process", line=lineno)
        else:
            raise ScenarioError(f"{path}:{lineno}: unexpected '{kw}'")
    if cur is not None:
        raise ScenarioError(f"{path}: block {cur.name} not closed")
    if not seen_title:
        raise ScenarioError(f"{path}: no scenario line")
    return sc


def _op(words, lineno, path) -> Op:
    code = words[0]
    if code in NOARG_OPS and len(words) == 1:
        return Op(code, line=lineno)
    if code in ONEARG_OPS and len(words) == 2:
        return Op(code, words[1], line=lineno)
    if code == "ww_acquire" and len(words) in (2, 4):
        return Op(code, words[1], words[3] if len(words) == 4 else None, line=lineno)
    if code == "ww_lock" and len(words) == 4 and words[2] == "ctx":
        return Op(code, words[1], words[3], line=lineno)
    raise ScenarioError(f"{path}:{lineno}: bad operation '{' '.join(words)}'")
