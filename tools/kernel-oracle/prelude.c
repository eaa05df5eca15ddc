// SPDX-License-Identifier: GPL-2.0
/*
 * fencecheck kernel oracle: scenarios replayed as the kernel's own lockdep
 * calls. This prelude is fixed; tools/kernel-oracle/translate.py appends one
 * function per scenario and the table that the late initcall runs.
 *
 * Each scenario runs in the init task: the dma_resv_lockdep() priming, each
 * shrinker body under fs_reclaim and each notifier body under the mmu notifier
 * map (in a "thread" of their own), then each thread in declaration order.
 * Hardirq and softirq threads run between the HARDIRQ_ENTER/SOFTIRQ_ENTER
 * equivalents of lib/locking-selftest.c. Between scenarios lockdep is reset
 * as locking-selftest's reset_locks() does: lockdep_reset() (which also turns
 * debug_locks back on) and lockdep_reset_lock()/lockdep_free_key_range() on
 * every class the scenario touched, the kernel's own maps included.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/debug_locks.h>
#include <linux/lockdep.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/ww_mutex.h>
#include <linux/dma-fence.h>
#include <linux/dma-resv.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/sched/signal.h>
#include <linux/rcupdate.h>
#include <linux/mmu_notifier.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/hardirq.h>
#include <linux/bottom_half.h>
#include <linux/irqflags.h>
#include <linux/kallsyms.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/io.h>
#include <linux/reboot.h>

#define FC_PROCESS 0
#define FC_SOFTIRQ 1
#define FC_HARDIRQ 2

static int fc_start;	/* fco_start=N on the command line: skip scenarios before N */
core_param(fco_start, fc_start, int, 0444);

/* The kernel's own maps that are static to their files. */
static struct lockdep_map *fc_fs_reclaim_map;	/* mm/page_alloc.c __fs_reclaim_map */
static struct lockdep_map *fc_fence_map;	/* drivers/dma-buf/dma-fence.c dma_fence_lockdep_map */
#define fc_mmu_map (&__mmu_notifier_invalidate_range_start_map)

/* Built-in scenario locks: one instance each, of the kernel's own classes. */
static struct mm_struct *fc_mm;			/* mmap_lock */
static struct address_space fc_mapping;		/* i_mmap_rwsem */
static struct dma_resv fc_resv;			/* dma_resv */
static struct lockdep_map fc_resv_acquire;	/* dma_resv_acquire */

/* Bookkeeping of the scenario being run. */
static int fc_line;		/* scenario line of the operation in progress; -1 = harness */
static bool fc_ld_on;		/* debug_locks was on before the operation */
static int fc_reclaim_depth;	/* running a shrinker/notifier body (PF_MEMALLOC-like) */
static bool fc_cookie[64];
static int fc_ncookie;
static unsigned int fc_scope[3][64];	/* memalloc_{nofs,noio,noreclaim}_save() results */
static int fc_nscope[3];
static int fc_bh;		/* local_bh_disable() depth taken by the scenario */
static int fc_saved_preempt;
static unsigned int fc_saved_pflags;
static int fc_thread_ctx;

#define FC_PF_MASK (PF_MEMALLOC | PF_MEMALLOC_NOFS | PF_MEMALLOC_NOIO)

/* After every operation: did lockdep just turn itself off (its first report)? */
static void fc_check(void)
{
	if (fc_ld_on && !debug_locks) {
		fc_ld_on = false;
		pr_info("FCO: lockdep-off line %d\n", fc_line);
	}
}

#define FC_OP(l, ...) do { fc_line = (l); __VA_ARGS__; fc_check(); } while (0)

static void fc_cookie_push(bool c)
{
	if (fc_ncookie < ARRAY_SIZE(fc_cookie))
		fc_cookie[fc_ncookie++] = c;
}

static bool fc_cookie_pop(void)
{
	return fc_ncookie ? fc_cookie[--fc_ncookie] : false;
}

static void fc_scope_push(int k, unsigned int v)
{
	if (fc_nscope[k] < ARRAY_SIZE(fc_scope[k]))
		fc_scope[k][fc_nscope[k]++] = v;
}

/* memalloc_*_restore(): pairs with the latest save; an unbalanced restore is a no-op. */
#define FC_RESTORE(k, fn) do { if (fc_nscope[k]) fn(fc_scope[k][--fc_nscope[k]]); } while (0)

/* Spinning locks: preempt_disable() as spin_lock()/read_lock() do. */
static void fc_spin_get(int *hold)
{
	preempt_disable();
	(*hold)++;
}

static void fc_spin_put(int *hold)
{
	if (*hold) {
		(*hold)--;
		preempt_enable();
	}
}

static void fc_bh_disable(void)
{
	if (in_hardirq())	/* no local_bh_disable() in a hardirq handler */
		return;
	local_bh_disable();
	fc_bh++;
}

static void fc_bh_enable(void)
{
	if (!fc_bh)
		return;
	fc_bh--;
	if (irqs_disabled())
		_local_bh_enable();	/* softirqs on, no lockdep marking with irqs off */
	else
		local_bh_enable();
}

static void fc_irq_enable(void)
{
	if (in_hardirq())	/* a hardirq handler never enables interrupts */
		return;
	local_irq_enable();
}

/* ww_acquire_init()/ww_acquire_fini() as mainline since 823a566221a5: with the fake first lock. */
struct fc_ww_ctx {
	struct ww_acquire_ctx ctx;
	struct lockdep_map first;
};

static void fc_ww_ctx_init(struct fc_ww_ctx *c, const char *acq_name, struct lock_class_key *acq_key,
			   const char *first_name, struct lock_class_key *first_key)
{
	memset(c, 0, sizeof(*c));
	lockdep_init_map(&c->ctx.dep_map, acq_name, acq_key, 0);
	lockdep_init_map_wait(&c->first, first_name, first_key, 0, LD_WAIT_SLEEP);
}

static void fc_ww_acquire_init(struct fc_ww_ctx *c)
{
	mutex_acquire(&c->ctx.dep_map, 0, 0, _RET_IP_);
	mutex_acquire_nest(&c->first, 0, 0, &c->ctx.dep_map, _RET_IP_);
}

static void fc_ww_acquire_fini(struct fc_ww_ctx *c)
{
	mutex_release(&c->first, _RET_IP_);
	mutex_release(&c->ctx.dep_map, _RET_IP_);
}

/* drivers/dma-buf/dma-resv.c dma_resv_lockdep(), with mainline's ww_acquire_init(). */
static void fc_prime(void)
{
	struct address_space mapping;
	struct dma_resv obj;
	struct fc_ww_ctx ctx;
	int ret;

	dma_resv_init(&obj);
	address_space_init_once(&mapping);
	fc_ww_ctx_init(&ctx, reservation_ww_class.acquire_name, &reservation_ww_class.acquire_key,
		       reservation_ww_class.mutex_name, &reservation_ww_class.mutex_key);

	mmap_read_lock(fc_mm);
	ww_acquire_init(&ctx.ctx, &reservation_ww_class);
	mutex_acquire_nest(&ctx.first, 0, 0, &ctx.ctx.dep_map, _THIS_IP_);
	ret = dma_resv_lock(&obj, &ctx.ctx);
	if (ret == -EDEADLK)
		dma_resv_lock_slow(&obj, &ctx.ctx);
	fs_reclaim_acquire(GFP_KERNEL);
	i_mmap_lock_write(&mapping);
	i_mmap_unlock_write(&mapping);
	lock_map_acquire(fc_mmu_map);
	__dma_fence_might_wait();
	lock_map_release(fc_mmu_map);
	fs_reclaim_release(GFP_KERNEL);
	ww_mutex_unlock(&obj.lock);
	mutex_release(&ctx.first, _THIS_IP_);
	ww_acquire_fini(&ctx.ctx);
	mmap_read_unlock(fc_mm);
	dma_resv_fini(&obj);
}

/* Direct reclaim entered by the thread (vmscan's __perform_reclaim/kswapd): under fs_reclaim. */
static void fc_enter_reclaim(void)
{
	might_sleep();
	__fs_reclaim_acquire(_THIS_IP_);
	lock_map_acquire(fc_mmu_map);
	lock_map_release(fc_mmu_map);
	fc_reclaim_depth++;
}

static void fc_exit_reclaim(void)
{
	fc_reclaim_depth--;
	__fs_reclaim_release(_THIS_IP_);
}

/* mmu_notifier_invalidate_range_start(): might_sleep(), callbacks inside the map. */
static void fc_enter_invalidate(void)
{
	might_sleep();
	lock_map_acquire(fc_mmu_map);
	fc_reclaim_depth++;
}

static void fc_exit_invalidate(void)
{
	fc_reclaim_depth--;
	lock_map_release(fc_mmu_map);
}

static void fc_thread_begin(int ctx)
{
	fc_line = -1;
	fc_thread_ctx = ctx;
	fc_ncookie = 0;
	fc_nscope[0] = fc_nscope[1] = fc_nscope[2] = 0;
	fc_reclaim_depth = 0;
	fc_bh = 0;
	fc_saved_preempt = preempt_count();
	fc_saved_pflags = current->flags & FC_PF_MASK;
	if (ctx == FC_HARDIRQ) {	/* HARDIRQ_ENTER() */
		local_irq_disable();
		__irq_enter();
		lockdep_hardirq_threaded();
		WARN_ON(!in_irq());
	} else if (ctx == FC_SOFTIRQ) {	/* SOFTIRQ_ENTER(), then hardirqs on as in __do_softirq() */
		local_bh_disable();
		local_irq_disable();
		lockdep_softirq_enter();
		WARN_ON(!in_softirq());
		local_irq_enable();
	}
}

/*
 * End of a thread: drop what it still holds (lock-held-at-exit has no kernel
 * report and is not compared), leave the irq context, and put the preempt
 * count, the irq/softirq state and the PF_MEMALLOC* flags back as dotest() does.
 */
static void fc_thread_end(int *holds, int nholds)
{
	int i;

	fc_line = -1;
	while (debug_locks && current->lockdep_depth > 0)
		lock_release(current->held_locks[current->lockdep_depth - 1].instance, _THIS_IP_);
	for (i = 0; i < nholds; i++)
		holds[i] = 0;
	local_irq_disable();
	if (fc_thread_ctx == FC_HARDIRQ) {
		preempt_count_set(fc_saved_preempt + HARDIRQ_OFFSET);
		__irq_exit();
	} else if (fc_thread_ctx == FC_SOFTIRQ) {
		preempt_count_set(fc_saved_preempt + SOFTIRQ_DISABLE_OFFSET);
		lockdep_softirq_exit();
		_local_bh_enable();
	} else {
		preempt_count_set(fc_saved_preempt);
	}
	if (softirq_count())
		current->softirqs_enabled = 0;
	else
		current->softirqs_enabled = 1;
	local_irq_enable();
	current->flags = (current->flags & ~FC_PF_MASK) | fc_saved_pflags;
	fc_ncookie = 0;
	fc_reclaim_depth = 0;
}

/* Forget every class of the kernel's own locks the scenarios use (reset_locks()). */
static void fc_reset_builtins(void)
{
	lockdep_reset_lock(fc_fs_reclaim_map);
	lockdep_reset_lock(fc_fence_map);
	lockdep_reset_lock(fc_mmu_map);
	lockdep_reset_lock(&fc_mm->mmap_lock.dep_map);
	lockdep_reset_lock(&fc_mapping.i_mmap_rwsem.dep_map);
	lockdep_free_key_range(&reservation_ww_class.acquire_key, 1);
	lockdep_free_key_range(&reservation_ww_class.mutex_key, 1);
}

static bool fc_is_builtin_key(struct lock_class_key *k)
{
	return k == (struct lock_class_key *)fc_fs_reclaim_map ||
	       k == (struct lock_class_key *)fc_fence_map ||
	       k == (struct lock_class_key *)fc_mmu_map ||
	       k == fc_mm->mmap_lock.dep_map.key ||
	       k == fc_mapping.i_mmap_rwsem.dep_map.key ||
	       k == &reservation_ww_class.acquire_key ||
	       k == &reservation_ww_class.mutex_key;
}

/*
 * Another task (a kworker preempted inside an allocation, say) may hold one of
 * the kernel's own maps the scenarios use; zapping its class under it would
 * crash lockdep. Called with preemption disabled (one CPU): nothing can take
 * one between this check and the reset.
 */
static bool fc_builtin_held_elsewhere(void)
{
	struct task_struct *g, *t;
	bool busy = false;
	int i;

	rcu_read_lock();
	for_each_process_thread(g, t) {
		if (t == current)
			continue;
		for (i = 0; i < t->lockdep_depth && i < MAX_LOCK_DEPTH; i++) {
			struct lockdep_map *m = t->held_locks[i].instance;

			if (m && fc_is_builtin_key(m->key))
				busy = true;
		}
	}
	rcu_read_unlock();
	return busy;
}

/*
 * Other tasks (kworkers, the tracefs init work at boot, RCU) must not be inside a
 * critical section when a scenario switches lockdep off or the reset switches it
 * back on: a lock taken with lockdep on and released with it off stays in that
 * task's held_locks for good ("BUG: workqueue leaked lock" from a kworker, on
 * every later work item), one taken with it off and released with it on is a
 * "bad unlock balance" of that task. So before each scenario the init task
 * sleeps until no other task is runnable, i.e. none is preempted inside a
 * critical section (tasks that sleep holding a lock, like rcu_tasks_kthread
 * its grace-period mutex, cannot be waited for and do no harm unless they
 * wake inside a scenario). Bounded, so a task that never sleeps costs at most
 * 200 ms a scenario; the scenario task itself is never affected.
 */
static bool fc_others_busy(bool show)
{
	struct task_struct *g, *t;
	bool busy = false;

	rcu_read_lock();
	for_each_process_thread(g, t) {
		if (t != current && task_is_running(t)) {
			busy = true;
			if (show)
				pr_info("FCO: note: busy task %s/%d depth %d running %d\n", t->comm, t->pid,
					t->lockdep_depth, task_is_running(t));
		}
	}
	rcu_read_unlock();
	return busy;
}

static void fc_quiesce(int rounds)
{
	static int shown;
	int i;

	for (i = 0; i < rounds && fc_others_busy(false); i++)
		usleep_range(1000, 2000);
	if (i == rounds && shown++ < 3)
		fc_others_busy(true);
}

/* locking-selftest's reset_locks(), once no other task holds a kernel map we zap. */
static void fc_reset_all(void (*reset)(void))
{
	for (;;) {
		preempt_disable();
		if (!fc_builtin_held_elsewhere()) {
			lockdep_reset();
			if (reset)
				reset();
			fc_reset_builtins();
			preempt_enable();
			return;
		}
		preempt_enable();
		msleep(5);
	}
}

static void fc_init_builtins(void)
{
	dma_resv_init(&fc_resv);
	lockdep_init_map(&fc_resv_acquire, reservation_ww_class.acquire_name,
			 &reservation_ww_class.acquire_key, 0);
}

static const char *fc_fence_driver_name(struct dma_fence *f)
{
	return "fencecheck-oracle";
}

static const char *fc_fence_timeline_name(struct dma_fence *f)
{
	return "scenario";
}

static const struct dma_fence_ops fc_fence_ops = {
	.get_driver_name = fc_fence_driver_name,
	.get_timeline_name = fc_fence_timeline_name,
};

static void fc_fence_init(struct dma_fence *f, spinlock_t *lock, u64 context)
{
	spin_lock_init(lock);
	dma_fence_init(f, &fc_fence_ops, lock, context, 1);
}

struct fc_scenario {
	const char *name;
	void (*run)(void);
	void (*reset)(void);
};

/* @@SCENARIOS@@ */

static void fc_run_one(int idx, const struct fc_scenario *s)
{
	fc_quiesce(100);
	pr_info("FCO: begin %d %s\n", idx, s->name);
	if (!debug_locks)
		pr_info("FCO: note: debug_locks was off\n");
	lockdep_reset();
	fc_ld_on = debug_locks;
	fc_line = -1;
	s->run();
	fc_line = -1;
	fc_check();
	pr_info("FCO: end %d\n", idx);
	fc_reset_all(s->reset);
}

/*
 * lockdep never frees the stack traces it saves (kernel/locking/lockdep.c
 * save_trace(), nr_stack_trace_entries); lockdep_reset() and zapping the
 * classes free everything else. After some hundreds of scenarios the buffer
 * would run out ("BUG: MAX_STACK_TRACE_ENTRIES too low!", lockdep off), so
 * the boot stops while a scenario's worth is still free and the harness boots
 * again from the next scenario ("FCO: full N").
 */
extern unsigned long nr_stack_trace_entries;
#define FC_STACK_TRACE_ENTRIES (1UL << CONFIG_LOCKDEP_STACK_TRACE_BITS)
#define FC_STACK_TRACE_MARGIN 65536UL

static bool fc_lockdep_nearly_full(void)
{
	return READ_ONCE(nr_stack_trace_entries) + FC_STACK_TRACE_MARGIN > FC_STACK_TRACE_ENTRIES;
}

static int __init fc_oracle_main(void)
{
	int i;

	fc_fs_reclaim_map = (struct lockdep_map *)kallsyms_lookup_name("__fs_reclaim_map");
	fc_fence_map = (struct lockdep_map *)kallsyms_lookup_name("dma_fence_lockdep_map");
	fc_mm = mm_alloc();
	address_space_init_once(&fc_mapping);
	pr_info("FCO: start %d scenarios (from %d), held at start %d\n", fc_nscenarios, fc_start,
		current->lockdep_depth);
	if (!fc_fs_reclaim_map || !fc_fence_map || !fc_mm) {
		pr_info("FCO: setup failed\n");
		goto out;
	}
	/*
	 * Every might_sleep() violation is reported, not at most one a second
	 * (kernel-6.1.patch, kernel/sched/core.c): no waiting between scenarios.
	 */
	might_resched_ratelimit = false;
	fc_quiesce(5000);	/* the boot's own async work (tracefs init) first */
	lockdep_set_selftest_task(current);
	fc_reset_all(NULL);
	for (i = fc_start; i < fc_nscenarios; i++) {
		if (i > fc_start && fc_lockdep_nearly_full()) {
			pr_info("FCO: full %d (%lu stack trace entries used)\n", i, nr_stack_trace_entries);
			goto out;
		}
		fc_run_one(i, &fc_scenarios[i]);
	}
	lockdep_set_selftest_task(NULL);
	pr_info("FCO: done\n");
out:
	/* qemu -device isa-debug-exit,iobase=0xf4 */
	outb(0, 0xf4);
	emergency_restart();
	return 0;
}
late_initcall(fc_oracle_main);
