"""Seeded random scenarios, mirroring kernel-model's jqwik ScenarioGenerators.

Same alphabet (all operations, lock kinds, shared classes, contexts, shrinkers and
notifiers) and the same bias towards fence, reclaim and read-lock interactions.
Differences, so that every generated scenario means the same thing to the
kernel as to fencecheck:
  * interrupts are re-enabled only where they were disabled, local_bh_enable()
    only pairs an earlier local_bh_disable() of the same body, and never with
    interrupts disabled (the kernel WARNs on the others; fencecheck ignores them);
  * hardirq threads do not touch the interrupt or bottom-half state at all.
"""
from __future__ import annotations

import random
from typing import List

from scenario import Body, LockDecl, Op, Scenario, parse

KINDS = ["mutex", "spinlock", "rwsem", "rwlock", "ww_mutex", "map"]
LOCKS = ["A", "B", "C", "D", "mmap_lock", "dma_resv", "fs_reclaim"]
CONTEXTS = ["process", "process", "process", "kthread", "softirq", "hardirq"]
GFPS = ["GFP_KERNEL", "GFP_NOFS", "GFP_NOIO", "GFP_NOWAIT", "GFP_ATOMIC"]

# (weight, generator) as in ScenarioGenerators.op()
WEIGHTS = [
    (6, "lock"), (3, "read"), (3, "read_recursive"), (2, "trylock"), (7, "unlock"),
    (1, "ww_acquire"), (1, "ww_lock"), (1, "ww_release"), (3, "alloc"), (1, "scope"),
    (3, "signalling"), (2, "wait"), (2, "signal"), (1, "publish"), (1, "irqbh"), (1, "reclaim"),
]


def _pick(rng: random.Random):
    total = sum(w for w, _ in WEIGHTS)
    x = rng.uniform(0, total)
    for w, name in WEIGHTS:
        x -= w
        if x <= 0:
            return name
    return WEIGHTS[-1][1]


def _body(rng: random.Random, context: str) -> List[Op]:
    n = rng.randint(1, 14)
    ops: List[Op] = []
    irq_off = False
    bh = 0
    while len(ops) < n:
        k = _pick(rng)
        if k in ("lock", "read", "read_recursive", "trylock"):
            ops.append(Op(k, rng.choice(LOCKS)))
        elif k == "unlock":
            # prefer releasing something taken earlier in the body
            taken = [o.target for o in ops if o.code in ("lock", "read", "read_recursive", "trylock", "ww_lock")]
            ops.append(Op("unlock", rng.choice(taken) if taken and rng.random() < 0.8 else rng.choice(LOCKS)))
        elif k == "ww_acquire":
            ops.append(Op("ww_acquire", "ctx"))
        elif k == "ww_lock":
            ops.append(Op("ww_lock", rng.choice(["R1", "R2"]), "ctx"))
        elif k == "ww_release":
            ops.append(Op("ww_release", "ctx"))
        elif k == "alloc":
            ops.append(Op("alloc", rng.choice(GFPS)))
        elif k == "scope":
            ops.append(Op(rng.choice(["nofs_save", "nofs_restore", "noio_save", "noio_restore",
                                      "noreclaim_save", "noreclaim_restore"])))
        elif k == "signalling":
            ops.append(Op(rng.choice(["begin_signalling", "end_signalling"])))
        elif k == "wait":
            ops.append(Op("wait", rng.choice(["F", "G"])))
        elif k == "signal":
            ops.append(Op("signal", rng.choice(["F", "G"])))
        elif k == "publish":
            ops.append(Op("publish", rng.choice(["F", "G"])))
        elif k == "irqbh":
            c = rng.choice(["irq_disable", "irq_enable", "bh_disable", "bh_enable", "might_sleep"])
            if c != "might_sleep" and context == "hardirq":
                c = "might_sleep"
            if c == "irq_disable":
                irq_off = True
            elif c == "irq_enable":
                if not irq_off:
                    c = "irq_disable"
                    irq_off = True
                else:
                    irq_off = False
            elif c == "bh_disable":
                bh += 1
            elif c == "bh_enable":
                if bh == 0 or irq_off:
                    c = "bh_disable"
                    bh += 1
                else:
                    bh -= 1
            ops.append(Op(c))
        elif k == "reclaim":
            ops.append(Op(rng.choice(["reclaim", "invalidate"])))
    return ops


SPIN = {"spinlock", "rwlock"}


def _structured_body(rng: random.Random, context: str, kinds: dict) -> List[Op]:
    """Well-nested critical sections around the operations where fence, reclaim and
    read-lock bugs hide; sometimes released out of order, sometimes left unbalanced."""
    atomic_ctx = context in ("softirq", "hardirq")
    ops: List[Op] = []
    held: List[str] = []
    in_section = 0
    ctx_open = False
    irq_off = False
    bh = 0

    def pick_lock():
        cands = ["A", "B", "C", "D", "A", "B", "C", "D", "mmap_lock", "dma_resv", "fs_reclaim",
                 "i_mmap_rwsem", "R1", "R2"]
        if atomic_ctx:
            cands = [c for c in cands if kinds.get(c) in SPIN | {"map"}] or cands
        free = [c for c in cands if c not in held]
        return rng.choice(free if free and rng.random() < 0.95 else cands)

    def acquire():
        nonlocal ctx_open
        name = pick_lock()
        kind = kinds.get(name, "rwsem")
        if name in ("R1", "R2", "dma_resv") and rng.random() < 0.6:
            if not ctx_open and rng.random() < 0.85:
                ops.append(Op("ww_acquire", "ctx"))
                ctx_open = True
            ops.append(Op("ww_lock", name, "ctx"))
        else:
            modes = ["lock", "lock", "trylock"]
            if kind in ("rwsem", "rwlock", "map"):
                modes += ["read", "read", "read_recursive"] if kind != "rwsem" else ["read", "read"]
            ops.append(Op(rng.choice(modes), name))
        held.append(name)

    def release(any_order=False):
        if not held:
            return
        i = rng.randrange(len(held)) if any_order else len(held) - 1
        ops.append(Op("unlock", held.pop(i)))

    def action():
        nonlocal in_section, irq_off, bh, ctx_open
        atomic = atomic_ctx or irq_off or bh > 0 or any(kinds.get(h) in SPIN for h in held)
        r = rng.random()
        if atomic and r < 0.62 and rng.random() < 0.85:
            # mostly what atomic code does: GFP_ATOMIC, signal, irq-safe locking
            r = rng.choice([0.0, 0.40, 0.77])
            if r == 0.0:
                ops.append(Op("alloc", rng.choice(["GFP_ATOMIC", "GFP_NOWAIT"])))
                return
        if r < 0.16:
            g = rng.choice(GFPS if not atomic_ctx or rng.random() < 0.3 else ["GFP_ATOMIC", "GFP_NOWAIT"])
            ops.append(Op("alloc", g))
        elif r < 0.28:
            ops.append(Op("wait", rng.choice(["F", "G"])))
        elif r < 0.38:
            if in_section and rng.random() < 0.6:
                ops.append(Op("end_signalling"))
                in_section -= 1
            else:
                if rng.random() < 0.5:
                    ops.append(Op("publish", rng.choice(["F", "G"])))
                ops.append(Op("begin_signalling"))
                in_section += 1
        elif r < 0.46:
            ops.append(Op("signal", rng.choice(["F", "G"])))
        elif r < 0.54:
            sc = rng.choice(["nofs", "noio", "noreclaim"])
            ops.append(Op(f"{sc}_save"))
            ops.append(Op("alloc", rng.choice(["GFP_KERNEL", "GFP_KERNEL", "GFP_NOFS"])))
            if rng.random() < 0.85:
                ops.append(Op(f"{sc}_restore"))
        elif r < 0.62:
            ops.append(Op(rng.choice(["reclaim", "invalidate"])))
        elif r < 0.68 and context != "hardirq":
            if not irq_off and rng.random() < 0.6:
                ops.append(Op("irq_disable"))
                irq_off = True
            elif irq_off:
                ops.append(Op("irq_enable"))
                irq_off = False
            elif bh and not irq_off:
                ops.append(Op("bh_enable"))
                bh -= 1
            else:
                ops.append(Op("bh_disable"))
                bh += 1
        elif r < 0.72:
            ops.append(Op("might_sleep"))
        elif r < 0.76 and ctx_open and not any(h in ("R1", "R2", "dma_resv") for h in held):
            ops.append(Op("ww_release", "ctx"))
            ctx_open = False
        else:
            acquire()

    for _ in range(rng.randint(1, 2)):
        depth = rng.randint(1, 2)
        for _ in range(depth):
            if rng.random() < 0.8:
                acquire()
            if rng.random() < 0.6:
                action()
        for _ in range(rng.randint(0, 1)):
            action()
        while held and rng.random() < 0.93:
            release(any_order=rng.random() < 0.15)
    if rng.random() < 0.9:
        while held:
            release()
        while in_section:
            ops.append(Op("end_signalling"))
            in_section -= 1
        if ctx_open:
            ops.append(Op("ww_release", "ctx"))
        if irq_off:
            ops.append(Op("irq_enable"))
        while bh:
            ops.append(Op("bh_enable"))
            bh -= 1
    return ops or [Op("might_sleep")]


def generate(rng: random.Random, title: str = "generated") -> Scenario:
    """A quarter of the scenarios as jqwik's ScenarioGenerators draws them (any operation in
    any order), the rest built from nested critical sections (_structured_body)."""
    wild = rng.random() < 0.25
    sc = Scenario(title=title + (" (wild)" if wild else ""))
    kinds = {"mmap_lock": "rwsem", "i_mmap_rwsem": "rwsem", "fs_reclaim": "map", "dma_resv": "ww_mutex",
             "R1": "ww_mutex", "R2": "ww_mutex"}
    weights = KINDS if wild else KINDS + ["rwsem", "rwlock", "map", "mutex", "spinlock"]
    for i, name in enumerate(["A", "B", "C", "D"]):
        kind = rng.choice(weights)
        shared = rng.random() < (0.5 if wild else 0.2) and i > 0
        sc.locks[name] = LockDecl(name, kind, f"K{kind}" if shared else name, shared)
        kinds[name] = kind
    sc.locks["R1"] = LockDecl("R1", "ww_mutex", "dma_resv", True)
    sc.locks["R2"] = LockDecl("R2", "ww_mutex", "dma_resv", True)
    sc.fences["F"] = "F"
    sc.fences["G"] = "F"
    contexts = CONTEXTS if wild else CONTEXTS + ["process", "kthread", "process", "process", "kthread"]
    body = (lambda ctx: _body(rng, ctx)) if wild else (lambda ctx: _structured_body(rng, ctx, kinds))
    for i in range(rng.randint(1, 4 if wild else 3)):
        ctx = rng.choice(contexts)
        sc.bodies.append(Body("thread", f"t{i}", ctx, body(ctx)))
    if rng.random() < (0.4 if wild else 0.5):
        sc.bodies.append(Body("shrinker", "s", "process", body("process")))
    if rng.random() < (0.4 if wild else 0.4):
        sc.bodies.append(Body("notifier", "n", "process", body("process")))
    # re-read the rendered text so that line numbers are the file's
    return parse(sc.render())


def generate_many(n: int, seed: int) -> List[str]:
    rng = random.Random(seed)
    return [generate(rng, f"random seed {seed} no. {i}").render() for i in range(n)]
