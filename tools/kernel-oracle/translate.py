"""Translate scenarios (lockdep mode) into kernel C: one function per scenario.

Every operation becomes the kernel's own call: lock_acquire() with the read,
trylock and nest_lock arguments the real primitive passes, might_sleep() before
a sleeping acquisition, preempt_disable() for a spinning one, might_alloc(),
memalloc_*_save/restore(), dma_fence_begin/end_signalling(),
__dma_fence_might_wait(), dma_fence_signal(), __fs_reclaim_acquire() and the
mmu notifier map for reclaim and invalidation. See prelude.c for the harness.
"""
from __future__ import annotations

import os
from typing import Dict, List

from scenario import BUILTIN_LOCKS, KINDS, Scenario

HERE = os.path.dirname(os.path.abspath(__file__))
WAIT = {"mutex": "LD_WAIT_SLEEP", "rwsem": "LD_WAIT_SLEEP", "ww_mutex": "LD_WAIT_SLEEP",
        "spinlock": "LD_WAIT_CONFIG", "rwlock": "LD_WAIT_CONFIG", "map": "LD_WAIT_INV"}
BUILTIN_MAP = {
    "mmap_lock": "&fc_mm->mmap_lock.dep_map",
    "i_mmap_rwsem": "&fc_mapping.i_mmap_rwsem.dep_map",
    "fs_reclaim": "fc_fs_reclaim_map",
    "mmu_notifier": "fc_mmu_map",
    "dma_fence_map": "fc_fence_map",
    "dma_resv": "&fc_resv.lock.base.dep_map",
    "dma_resv_acquire": "&fc_resv_acquire",
}
# The key of a built-in class (static maps are keyed by their own address).
BUILTIN_KEY = {
    "mmap_lock": "fc_mm->mmap_lock.dep_map.key",
    "i_mmap_rwsem": "fc_mapping.i_mmap_rwsem.dep_map.key",
    "fs_reclaim": "(struct lock_class_key *)fc_fs_reclaim_map",
    "mmu_notifier": "(struct lock_class_key *)fc_mmu_map",
    "dma_fence_map": "(struct lock_class_key *)fc_fence_map",
    "dma_resv": "&reservation_ww_class.mutex_key",
    "dma_resv_acquire": "&reservation_ww_class.acquire_key",
}
GFP_BLOCKS = {"GFP_KERNEL": True, "GFP_NOFS": True, "GFP_NOIO": True, "GFP_NOWAIT": False,
              "GFP_ATOMIC": False}
CTX = {"process": "FC_PROCESS", "kthread": "FC_PROCESS", "softirq": "FC_SOFTIRQ",
       "hardirq": "FC_HARDIRQ"}


class TranslateError(Exception):
    pass


def cstr(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Lock:
    def __init__(self, name, kind, cls, mapexpr, spinning, sleeping, hold):
        self.name, self.kind, self.cls = name, kind, cls
        self.map, self.spinning, self.sleeping, self.hold = mapexpr, spinning, sleeping, hold


class _Gen:
    def __init__(self, idx: int, sc: Scenario):
        self.p = f"fc_s{idx}"
        self.sc = sc
        self.decls: List[str] = []
        self.init: List[str] = []
        self.reset: List[str] = []
        self.funcs: List[str] = []
        self.protos: List[str] = []
        self.locks: Dict[str, _Lock] = {}
        self.keys: Dict[str, str] = {}      # user class -> key expr
        self.akeys: Dict[str, str] = {}     # class -> acquire key (non-ww classes)
        self.ww: Dict[str, str] = {}        # user ww class -> struct ww_class name
        self.nhold = 0
        self.fences: Dict[str, str] = {}

    # ------------------------------------------------------------ classes
    def ww_classes(self):
        names = set()
        for d in self.sc.locks.values():
            if d.kind == "ww_mutex" and d.cls not in BUILTIN_KEY:
                names.add(d.cls)
        return names

    def key(self, cls: str) -> str:
        if cls in BUILTIN_KEY:
            return BUILTIN_KEY[cls]
        if cls in self.ww:
            return f"&{self.ww[cls]}.mutex_key"
        if cls not in self.keys:
            n = f"{self.p}_key{len(self.keys)}"
            self.decls.append(f"static struct lock_class_key {n};\t/* class {cls} */")
            self.reset.append(f"lockdep_free_key_range(&{n}, sizeof({n}));")
            self.keys[cls] = f"&{n}"
        return self.keys[cls]

    def ctx_keys(self, cls: str):
        """(acquire name, acquire key, first-lock name, first-lock key) of a ww class."""
        if cls == "dma_resv":
            return ("reservation_ww_class.acquire_name", "&reservation_ww_class.acquire_key",
                    "reservation_ww_class.mutex_name", "&reservation_ww_class.mutex_key")
        if cls in self.ww:
            w = self.ww[cls]
            return (f"{w}.acquire_name", f"&{w}.acquire_key", f"{w}.mutex_name", f"&{w}.mutex_key")
        if cls not in self.akeys:
            n = f"{self.p}_akey{len(self.akeys)}"
            self.decls.append(f"static struct lock_class_key {n};\t/* class {cls}_acquire */")
            self.reset.append(f"lockdep_free_key_range(&{n}, sizeof({n}));")
            self.akeys[cls] = f"&{n}"
        return (cstr(cls + "_acquire"), self.akeys[cls], cstr(cls), self.key(cls))

    # ------------------------------------------------------------ declarations
    def declare(self):
        for i, cls in enumerate(sorted(self.ww_classes())):
            n = f"{self.p}_ww{i}"
            self.decls.append(
                f"static struct ww_class {n} = {{ .stamp = ATOMIC_LONG_INIT(0), "
                f".acquire_name = {cstr(cls + '_acquire')}, .mutex_name = {cstr(cls + '_mutex')} }};")
            self.reset.append(f"lockdep_free_key_range(&{n}, sizeof({n}));")
            self.ww[cls] = n
        for name, (kind, spinning, sleeping) in BUILTIN_LOCKS.items():
            self.locks[name] = _Lock(name, kind, name, BUILTIN_MAP[name], spinning, sleeping, -1)
        for j, d in enumerate(self.sc.locks.values()):
            spinning, sleeping = KINDS[d.kind]
            hold = -1
            if spinning:
                hold = self.nhold
                self.nhold += 1
            if d.kind == "ww_mutex":
                v = f"{self.p}_L{j}"
                self.decls.append(f"static struct ww_mutex {v};\t/* {d.name} */")
                wwc = "reservation_ww_class" if d.cls == "dma_resv" else self.ww.get(d.cls)
                if wwc is None:
                    raise TranslateError(f"ww_mutex {d.name} in non-ww class {d.cls}")
                self.init.append(f"ww_mutex_init(&{v}, &{wwc});")
                m = f"&{v}.base.dep_map"
            else:
                v = f"{self.p}_L{j}"
                self.decls.append(f"static struct lockdep_map {v};\t/* {d.name} {d.kind} */")
                self.init.append(f"lockdep_init_map_wait(&{v}, {cstr(d.cls)}, {self.key(d.cls)}, 0, "
                                 f"{WAIT[d.kind]});")
                m = f"&{v}"
            self.reset.append(f"lockdep_reset_lock({m});")
            self.locks[d.name] = _Lock(d.name, d.kind, d.cls, m, spinning, sleeping, hold)
        self.decls.append(f"static int {self.p}_hold[{max(1, self.nhold)}];")
        timelines: Dict[str, int] = {}
        for j, (f, tl) in enumerate(self.sc.fences.items()):
            v = f"{self.p}_F{j}"
            self.decls.append(f"static struct dma_fence {v};\t/* fence {f} */")
            self.decls.append(f"static spinlock_t {v}_lock;")
            t = timelines.setdefault(tl, len(timelines))
            self.init.append(f"fc_fence_init(&{v}, &{v}_lock, {0x10000 + t});")
            self.fences[f] = v
        if self.fences:
            first = next(iter(self.fences.values()))
            self.reset.append(f"lockdep_reset_lock(&{first}_lock.dep_map);")

    # ------------------------------------------------------------ operations
    def lock(self, name: str) -> _Lock:
        if name not in self.locks:
            raise TranslateError(f"unknown lock {name}")
        return self.locks[name]

    def hold(self, L: _Lock) -> str:
        return f"&{self.p}_hold[{L.hold}]"

    def body(self, fname: str, ops) -> None:
        locals_: List[str] = []
        code: List[str] = []
        ctxs: Dict[str, str] = {}

        def new_ctx(cname: str, cls: str) -> str:
            v = f"c{len(locals_)}"
            an, ak, fn_, fk = self.ctx_keys(cls)
            locals_.append(f"\tstruct fc_ww_ctx {v};\t/* {cname} ({cls}) */")
            code.insert(0, f"\tfc_ww_ctx_init(&{v}, {an}, {ak}, {fn_}, {fk});")
            ctxs[cname] = v
            return v

        body_code: List[str] = []
        for op in ops:
            c = op.code
            s = ""
            if c in ("lock", "read", "read_recursive", "trylock"):
                L = self.lock(op.target)
                read = {"lock": 0, "read": 1, "read_recursive": 2, "trylock": 0}[c]
                trylock = 1 if c == "trylock" else 0
                if L.sleeping and not trylock:
                    s += "might_sleep(); "
                if L.spinning:
                    s += f"fc_spin_get({self.hold(L)}); "
                s += f"lock_acquire({L.map}, 0, {trylock}, {read}, 1, NULL, _THIS_IP_);"
            elif c == "unlock":
                L = self.lock(op.target)
                s = f"lock_release({L.map}, _THIS_IP_);"
                if L.spinning:
                    s += f" fc_spin_put({self.hold(L)});"
            elif c == "ww_acquire":
                cls = op.extra or "dma_resv"
                v = new_ctx(op.target, cls)
                s = f"fc_ww_acquire_init(&{v});"
            elif c == "ww_lock":
                L = self.lock(op.target)
                v = ctxs.get(op.extra) or new_ctx(op.extra, L.cls)
                s = "might_sleep(); "
                if L.spinning:
                    s += f"fc_spin_get({self.hold(L)}); "
                s += f"lock_acquire({L.map}, 0, 0, 0, 1, &{v}.ctx.dep_map, _THIS_IP_);"
            elif c == "ww_release":
                v = ctxs.get(op.target) or new_ctx(op.target, "dma_resv")
                s = f"fc_ww_acquire_fini(&{v});"
            elif c == "alloc":
                if op.target not in GFP_BLOCKS:
                    raise TranslateError(f"unknown gfp {op.target}")
                s = f"might_alloc({op.target});"
            elif c in ("nofs_save", "noio_save", "noreclaim_save"):
                k = ("nofs", "noio", "noreclaim").index(c[:-5])
                s = f"fc_scope_push({k}, memalloc_{c}());"
            elif c in ("nofs_restore", "noio_restore", "noreclaim_restore"):
                k = ("nofs", "noio", "noreclaim").index(c[:-8])
                s = f"FC_RESTORE({k}, memalloc_{c});"
            elif c == "begin_signalling":
                s = "fc_cookie_push(dma_fence_begin_signalling());"
            elif c == "end_signalling":
                s = "dma_fence_end_signalling(fc_cookie_pop());"
            elif c == "publish":
                if op.target not in self.fences:
                    raise TranslateError(f"unknown fence {op.target}")
                s = "/* publish: no lockdep effect */"
            elif c == "signal":
                if op.target not in self.fences:
                    raise TranslateError(f"unknown fence {op.target}")
                s = f"dma_fence_signal(&{self.fences[op.target]});"
            elif c == "wait":
                if op.target not in self.fences:
                    raise TranslateError(f"unknown fence {op.target}")
                s = "might_sleep(); __dma_fence_might_wait();"
            elif c == "might_sleep":
                s = "might_sleep();"
            elif c == "irq_disable":
                s = "local_irq_disable();"
            elif c == "irq_enable":
                s = "fc_irq_enable();"
            elif c == "bh_disable":
                s = "fc_bh_disable();"
            elif c == "bh_enable":
                s = "fc_bh_enable();"
            elif c == "reclaim":
                s = f"{self.p}_reclaim({op.line});"
            elif c == "invalidate":
                s = f"{self.p}_invalidate({op.line});"
            else:
                raise TranslateError(f"unknown op {c}")
            body_code.append(f"\tFC_OP({op.line}, {s});\t/* {op.text()} */")
        self.protos.append(f"static void {fname}(void);")
        self.funcs.append(f"static void {fname}(void)\n{{\n" + "\n".join(locals_ + code + body_code)
                          + ("\n" if locals_ or code or body_code else "") + "}\n")

    def generate(self) -> str:
        self.declare()
        p = self.p
        shrinkers = [b for b in self.sc.bodies if b.kind == "shrinker"]
        notifiers = [b for b in self.sc.bodies if b.kind == "notifier"]
        threads = [b for b in self.sc.bodies if b.kind == "thread"]
        for k, b in enumerate(shrinkers):
            self.body(f"{p}_S{k}", b.ops)
        for k, b in enumerate(notifiers):
            self.body(f"{p}_N{k}", b.ops)
        for k, b in enumerate(threads):
            self.body(f"{p}_T{k}", b.ops)
        sh = "".join(f"\t\t{p}_S{k}();\n" for k in range(len(shrinkers)))
        nt = "".join(f"\t\t{p}_N{k}();\n" for k in range(len(notifiers)))
        self.protos.append(f"static void {p}_reclaim(int line);\nstatic void {p}_invalidate(int line);")
        helpers = f"""static void __maybe_unused {p}_invalidate_bodies(int line, bool nested)
{{
	fc_enter_invalidate();
	fc_check();
	if (!nested) {{
{nt}	}}
	fc_line = line;
	fc_exit_invalidate();
}}

static void __maybe_unused {p}_reclaim(int line)
{{
	bool nested = fc_reclaim_depth > 0;	/* PF_MEMALLOC: no recursion into reclaim */

	fc_enter_reclaim();
	fc_check();
	if (!nested) {{
{sh}	}}
	fc_line = line;
	{p}_invalidate_bodies(line, nested);
	fc_line = line;
	fc_exit_reclaim();
}}

static void __maybe_unused {p}_invalidate(int line)
{{
	{p}_invalidate_bodies(line, fc_reclaim_depth > 0);
}}
"""
        run = [f"static void {p}_run(void)\n{{", "\tfc_init_builtins();"]
        run += ["\t" + x for x in self.init]
        run.append("\tfc_line = -1;\n\tfc_prime();\n\tfc_check();")
        nh = max(1, self.nhold)
        for k, b in enumerate(shrinkers):
            run.append(f"\t/* shrinker {b.name}: once, in a thread of its own, under fs_reclaim */")
            run.append(f"\tfc_thread_begin(FC_PROCESS);\n\tFC_OP({b.line}, fc_enter_reclaim());")
            run.append(f"\t{p}_S{k}();\n\tFC_OP({b.line}, fc_exit_reclaim());\n\tfc_thread_end({p}_hold, {nh});")
        for k, b in enumerate(notifiers):
            run.append(f"\t/* notifier {b.name}: once, in a thread of its own, under the notifier map */")
            run.append(f"\tfc_thread_begin(FC_PROCESS);\n\tFC_OP({b.line}, fc_enter_invalidate());")
            run.append(f"\t{p}_N{k}();\n\tFC_OP({b.line}, fc_exit_invalidate());\n"
                       f"\tfc_thread_end({p}_hold, {nh});")
        for k, b in enumerate(threads):
            run.append(f"\t/* thread {b.name} ({b.context}) */")
            run.append(f"\tfc_thread_begin({CTX[b.context]});\n\t{p}_T{k}();\n\tfc_thread_end({p}_hold, {nh});")
        run.append("}\n")
        reset = [f"static void {p}_reset(void)\n{{"] + ["\t" + x for x in self.reset] + ["}\n"]
        title = (self.sc.path or self.sc.title).replace("*/", "* /")
        return (f"/* ---- {title} ---- */\n" + "\n".join(self.decls) + "\n" + "\n".join(self.protos) + "\n\n"
                + "\n".join(self.funcs) + "\n" + helpers + "\n" + "\n".join(run) + "\n" + "\n".join(reset))


def translate_one(idx: int, sc: Scenario) -> str:
    return _Gen(idx, sc).generate()


def translate(scenarios: List[Scenario], names: List[str]) -> str:
    with open(os.path.join(HERE, "prelude.c")) as f:
        prelude = f.read()
    head, tail = prelude.split("/* @@SCENARIOS@@ */", 1)
    parts = [translate_one(i, sc) for i, sc in enumerate(scenarios)]
    table = ["static const struct fc_scenario fc_scenarios[] = {"]
    for i, n in enumerate(names):
        table.append(f"\t{{ {cstr(n)}, fc_s{i}_run, fc_s{i}_reset }},")
    table.append("};\nstatic const int fc_nscenarios = ARRAY_SIZE(fc_scenarios);\n")
    if not scenarios:
        table = ["static const struct fc_scenario fc_scenarios[1];\nstatic const int fc_nscenarios;\n"]
    return head + "\n".join(parts) + "\n" + "\n".join(table) + tail
