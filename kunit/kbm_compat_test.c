// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_compat_test.c - KUnit suite "kbufmap_compat": the version shims.
 *
 * The probe results in kbm_config.h are checked against the release under
 * test and against the types the kernel really declares; the VMA flag
 * helpers run on a real VMA; the fault-handler wrapper is called the way
 * the fault path calls it.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/highmem.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include <linux/version.h>
#include <linux/vmalloc.h>
#ifdef CONFIG_EXECMEM
#include <linux/execmem.h>
#endif
#include "kbm_test.h"

/* ---- the probe header ------------------------------------------------ */

/**
 * struct kbm_probe_fact - what mainline says about one probed API
 * @name: the probe, KBM_HAVE_<name>
 * @present: what kbm_config.h says
 * @since: first release that has it, 0 for "older than kbufmap's floor"
 * @until: first release without it, 0 for "still there"
 * @backport: absence is not asserted from this release on (stable
 *	      backports), 0 for none
 * @x86: only x86 has it (never UML, whose kernels run these tests)
 */
struct kbm_probe_fact {
	const char *name;
	bool present;
	unsigned int since;
	unsigned int until;
	unsigned int backport;
	bool x86;
};

/* 1 where kbm_config.h defines KBM_HAVE_<n> (as 1), else 0. */
#define KBM_PROBED(n)	__is_defined(KBM_HAVE_##n)

#define KBM_FACT(n, s, u, b) {						\
	.name = #n, .present = KBM_PROBED(n),				\
	.since = (s), .until = (u), .backport = (b) }
#define KBM_FACT_X86(n, s, u) {						\
	.name = #n, .present = KBM_PROBED(n),				\
	.since = (s), .until = (u), .x86 = true }
#define V(a, b, c)	KERNEL_VERSION(a, b, c)

static const struct kbm_probe_fact kbm_probe_facts[] = {
	KBM_FACT(BOOL,				V(2, 6, 19), 0, 0),
	KBM_FACT(CLASS_CREATE_NO_OWNER,		V(6, 4, 0), 0, 0),
	KBM_FACT(COMPAT_PTR_IOCTL,		V(5, 5, 0), 0, 0),
	KBM_FACT(CONST_VM_OPS,			V(2, 6, 32), 0, 0),
	KBM_FACT(DEVICE_CREATE_DRVDATA,		V(2, 6, 27), 0, 0),
	KBM_FACT(DEVICE_CREATE_FMT,		V(2, 6, 18), V(2, 6, 27), 0),
	KBM_FACT(FATAL_SIGNAL_PENDING,		V(2, 6, 25), V(4, 11, 0), 0),
	KBM_FACT(FOLL_LONGTERM,			V(5, 2, 0), 0, 0),
	KBM_FACT(FSYNC_NO_DENTRY,		V(2, 6, 35), V(3, 1, 0), 0),
	KBM_FACT(FSYNC_RANGE,			V(3, 1, 0), 0, 0),
	KBM_FACT(GUP_FAST_FLAGS,		V(5, 2, 0), 0, 0),
	KBM_FACT(GUP_FAST_WRITE,		V(2, 6, 27), V(5, 2, 0), 0),
	KBM_FACT(GUP_TSK_MM,			0, V(4, 6, 0), 0),
	KBM_FACT(IS_VMALLOC_ADDR,		V(2, 6, 25), 0, 0),
	KBM_FACT(KMAP_LOCAL_PAGE,		V(5, 11, 0), 0, 0),
	KBM_FACT(KUNIT_STATIC_STUB,		V(6, 3, 0), 0, 0),
	KBM_FACT(KVZALLOC,			V(4, 12, 0), 0, 0),
	KBM_FACT(MEMCG_KMEM_PAGE,		V(5, 11, 0), 0, 0),
	KBM_FACT(MMAP_ACTION_MAP_KERNEL_PAGES,	V(7, 1, 0), 0, 0),
	KBM_FACT(MMAP_PREPARE,			V(6, 16, 0), 0, 0),
	KBM_FACT(MMAP_READ_LOCK,		V(5, 8, 0), 0, V(5, 4, 0)),
	/* since 0: KUnit's own kernels (v5.5 on) see only the until. */
	KBM_FACT_X86(MEMTYPE_CACHEFLUSH_H,	0, V(4, 14, 0)),
	KBM_FACT_X86(MEMTYPE_SET_MEMORY_H,	V(4, 14, 0), 0),
	KBM_FACT(PGPROT_WRITECOMBINE,		V(2, 6, 29), 0, 0),
	KBM_FACT(PIN_USER_PAGES_FAST,		V(5, 6, 0), 0, 0),
	KBM_FACT(PROC_CREATE,			V(2, 6, 25), 0, 0),
	KBM_FACT(PROC_OPS,			V(5, 6, 0), 0, 0),
	KBM_FACT(REMAP_VMALLOC_RANGE,		V(2, 6, 18), 0, 0),
	KBM_FACT(SCHED_SIGNAL_H,		V(4, 11, 0), 0, 0),
	KBM_FACT(SI_MEM_AVAILABLE,		V(4, 6, 0), 0, 0),
	KBM_FACT(USLEEP_RANGE,			V(2, 6, 36), 0, 0),
	KBM_FACT(VM_FAULT_T,			V(4, 17, 0), 0, 0),
	KBM_FACT(VM_FLAGS_SET,			V(6, 3, 0), 0, 0),
	KBM_FACT(VM_FLAGS_WRITABLE,		0, V(6, 3, 0), 0),
	KBM_FACT(VM_INSERT_PAGES,		V(5, 7, 0), 0, 0),
	KBM_FACT(VM_INSERT_PFN,			V(2, 6, 21), V(4, 20, 0), 0),
	KBM_FACT(VM_OPS_ACCESS,			V(2, 6, 27), 0, 0),
	KBM_FACT(VM_OPS_FAULT_VMA_VMF,		V(2, 6, 23), V(4, 11, 0), 0),
	KBM_FACT(VM_OPS_FAULT_VMF,		V(4, 11, 0), 0, 0),
	KBM_FACT(VM_OPS_MAPPED,			V(7, 1, 0), 0, 0),
	KBM_FACT(VM_OPS_NOPAGE,			0, V(2, 6, 26), 0),
	KBM_FACT(VMA_DESC_TEST,			V(7, 1, 0), 0, 0),
	KBM_FACT(VMF_ADDRESS,			V(4, 10, 0), 0, 0),
	KBM_FACT(VMF_INSERT_PFN,		V(4, 17, 0), 0, 0),
	KBM_FACT(VMF_VIRTUAL_ADDRESS,		V(2, 6, 23), V(4, 10, 0), 0),
	KBM_FACT(VMF_VMA,			V(4, 10, 0), 0, 0),
	/* DMA, MMIO and PFN-remap tracking (kbm_dma.h, kbm_mmap.h). */
	KBM_FACT(DMA_ALLOC_ATTRS_ULONG,		V(4, 8, 0), 0, 0),
	/* since 0: KUnit's own kernels (v5.5 on) see only the until. */
	KBM_FACT(DMA_ALLOC_ATTRS_STRUCT,	0, V(4, 8, 0), 0),
	KBM_FACT(DMA_MAP_SGTABLE,		V(5, 8, 0), 0, 0),
	KBM_FACT(DMA_MAX_MAPPING_SIZE,		V(5, 1, 0), 0, 0),
	KBM_FACT(DMA_SET_COHERENT_MASK,		V(2, 6, 34), 0, 0),
	KBM_FACT(DMA_SET_MASK_AND_COHERENT,	V(3, 13, 0), 0, V(3, 10, 0)),
	KBM_FACT(GENERIC_ACCESS_PHYS,		V(2, 6, 27), 0, 0),
	KBM_FACT(MMAP_ACTION_IOREMAP,		V(6, 19, 0), 0, 0),
	KBM_FACT(SG_ALLOC_TABLE,		V(2, 6, 25), 0, 0),
	KBM_FACT(SG_ALLOC_TABLE_FROM_PAGES_SEGMENT, V(5, 15, 0), 0, 0),
	KBM_FACT(TRACK_PFN_REMAP,		V(3, 7, 0), V(6, 16, 0), 0),
	KBM_FACT(TRACK_PFN_VMA_NEW,		V(2, 6, 29), V(3, 7, 0), 0),
	/* x86's PAT only: User-Mode Linux has no stub of it. */
	KBM_FACT_X86(UNTRACK_PFN_MOVED,		V(4, 6, 0), V(6, 16, 0)),
	/* Seen in the 4.4 tree, not in 3.10: 4.4 is the lower bound here. */
	KBM_FACT(VM_OPS_MREMAP,			V(4, 4, 0), 0, 0),
	/* PMD mappings (kbm_huge.h). */
	KBM_FACT(HUGE_FAULT_ORDER,		V(6, 6, 0), 0, 0),
	/*
	 * NULL without CONFIG_TRANSPARENT_HUGEPAGE, which User-Mode Linux
	 * never has; x86 stands for a kernel with THP here.
	 */
	KBM_FACT_X86(THP_GET_UNMAPPED_AREA,	V(4, 10, 0), 0),
	KBM_FACT(VMF_INSERT_FOLIO_PMD,		V(6, 15, 0), 0, 0),
	/* pfn_t until v6.17, a plain PFN since (kbm_huge.h's KBM_HUGE_PFNMAP). */
	KBM_FACT(VMF_INSERT_PFN_PMD_PFN_T,	V(4, 20, 0), V(6, 17, 0), 0),
	KBM_FACT(VMF_INSERT_PFN_PMD_ULONG,	V(6, 17, 0), 0, 0),
};

KUNIT_ARRAY_PARAM_DESC(kbm_probe_facts, kbm_probe_facts, name);

/*
 * Every probe has its fact above: Kbuild counts compat/probes/*.c (one of
 * them the control probe, which has no KBM_HAVE_ of its own).
 */
static void kbm_compat_probe_facts_complete(struct kunit *test)
{
	KUNIT_EXPECT_EQ_MSG(test, ARRAY_SIZE(kbm_probe_facts),
			    (size_t)KBM_TEST_NR_PROBES - 1,
			    "a probe in compat/probes has no entry in kbm_probe_facts[]");
}

/* The release that is running, e.g. 6.12.107, as KERNEL_VERSION(). */
static unsigned int kbm_compat_release(void)
{
	unsigned int a = 0, b = 0, c = 0;

	if (sscanf(init_utsname()->release, "%u.%u.%u", &a, &b, &c) < 2)
		return 0;
	return KERNEL_VERSION(a, b, min(c, 255U));
}

/* Real x86, not User-Mode Linux built for it. */
static bool kbm_compat_is_x86(void)
{
	return IS_ENABLED(CONFIG_X86) && !IS_ENABLED(CONFIG_UML);
}

/* Each probe says what mainline of this release has. */
static void kbm_compat_probe_matches_release(struct kunit *test)
{
	const struct kbm_probe_fact *f = test->param_value;
	unsigned int v = kbm_compat_release();
	bool arch = !f->x86 || kbm_compat_is_x86();
	bool in_mainline = arch && v >= f->since && (!f->until || v < f->until);

	if (in_mainline)
		KUNIT_EXPECT_TRUE_MSG(test, f->present,
				      "KBM_HAVE_%s missing on %u.%u", f->name,
				      v >> 16, (v >> 8) & 0xff);
	else if (!f->backport || v < f->backport)
		KUNIT_EXPECT_FALSE_MSG(test, f->present,
				       "KBM_HAVE_%s set on %u.%u", f->name,
				       v >> 16, (v >> 8) & 0xff);
}

/* Shapes that replaced one another are never probed present together. */
static void kbm_compat_probe_alternatives_exclusive(struct kunit *test)
{
	int fault = KBM_PROBED(VM_OPS_FAULT_VMF) +
		    KBM_PROBED(VM_OPS_FAULT_VMA_VMF) +
		    KBM_PROBED(VM_OPS_NOPAGE);
	int flags = KBM_PROBED(VM_FLAGS_SET) +
		    KBM_PROBED(VM_FLAGS_WRITABLE);
	int addr = KBM_PROBED(VMF_ADDRESS) +
		   KBM_PROBED(VMF_VIRTUAL_ADDRESS);
	int gup = KBM_PROBED(GUP_FAST_FLAGS) +
		  KBM_PROBED(GUP_FAST_WRITE);
	int device = KBM_PROBED(DEVICE_CREATE_DRVDATA) +
		     KBM_PROBED(DEVICE_CREATE_FMT);
	int memtype = KBM_PROBED(MEMTYPE_CACHEFLUSH_H) +
		      KBM_PROBED(MEMTYPE_SET_MEMORY_H);
	int dma_alloc = KBM_PROBED(DMA_ALLOC_ATTRS_ULONG) +
			KBM_PROBED(DMA_ALLOC_ATTRS_STRUCT);

	KUNIT_EXPECT_EQ(test, fault, 1);
	KUNIT_EXPECT_EQ(test, flags, 1);
	KUNIT_EXPECT_EQ(test, addr, 1);
	KUNIT_EXPECT_LE(test, gup, 1);
	KUNIT_EXPECT_EQ(test, device, 1);
	KUNIT_EXPECT_LE(test, memtype, 1);
	KUNIT_EXPECT_LE(test, dma_alloc, 1);
	KUNIT_EXPECT_EQ(test, kbm_memtype_supported(), memtype == 1);
}

/* vm_flags_set() is probed present exactly where vma->vm_flags is const. */
static void kbm_compat_vm_flags_probe_matches_struct(struct kunit *test)
{
	struct vm_area_struct *vma = NULL;
	bool is_const = __builtin_types_compatible_p(typeof(vma->vm_flags) *,
						     const vm_flags_t *);

	KUNIT_EXPECT_EQ(test, KBM_PROBED(VM_FLAGS_SET), is_const);
	KUNIT_EXPECT_EQ(test, KBM_PROBED(VM_FLAGS_WRITABLE),
			!is_const);
}

/* The fault shape probed is the type of vm_operations_struct.fault. */
static void kbm_compat_fault_probe_matches_vm_ops(struct kunit *test)
{
	const struct vm_operations_struct *ops = NULL;
	bool vmf_only = __builtin_types_compatible_p(typeof(ops->fault),
				vm_fault_t (*)(struct vm_fault *));

	KUNIT_EXPECT_EQ(test, KBM_PROBED(VM_OPS_FAULT_VMF), vmf_only);
	KUNIT_EXPECT_TRUE(test, __builtin_types_compatible_p(kbm_vm_fault_t,
							     vm_fault_t));
}

static int kbm_compat_mmap(struct file *file, struct kbm_mmap_req *req)
{
	return -ENODEV;
}

KBM_DEFINE_MMAP(kbm_compat_mmap);

static const struct file_operations kbm_compat_fops = {
	KBM_FOP_MMAP(kbm_compat_mmap),
};

/* .mmap_prepare is used from v7.1, and then .mmap is left unset. */
static void kbm_compat_mmap_entry_point(struct kunit *test)
{
	bool prepare = kbm_compat_release() >= KERNEL_VERSION(7, 1, 0);

	KUNIT_EXPECT_EQ(test, kbm_req_uses_mmap_prepare(), prepare);
	KUNIT_EXPECT_EQ(test, !kbm_compat_fops.mmap, prepare);
#ifdef KBM_HAVE_MMAP_PREPARE
	KUNIT_EXPECT_EQ(test, !kbm_compat_fops.mmap_prepare, !prepare);
#endif
}

/* ---- VMA flags ------------------------------------------------------- */

static struct vm_area_struct *kbm_compat_anon_vma(struct kunit *test)
{
	return kbm_test_vma(test, kbm_test_user_mem(test, 2 * PAGE_SIZE));
}

static void kbm_compat_vma_set_flags(struct kunit *test)
{
	struct vm_area_struct *vma = kbm_compat_anon_vma(test);
	vm_flags_t before, after;

	mmap_write_lock(current->mm);
	before = vma->vm_flags;
	kbm_vma_set_flags(vma, VM_DONTEXPAND | VM_DONTDUMP);
	after = vma->vm_flags;
	mmap_write_unlock(current->mm);

	KUNIT_EXPECT_FALSE(test, before & (VM_DONTEXPAND | VM_DONTDUMP));
	KUNIT_EXPECT_EQ(test, after, before | VM_DONTEXPAND | VM_DONTDUMP);
}

static void kbm_compat_vma_clear_flags(struct kunit *test)
{
	struct vm_area_struct *vma = kbm_compat_anon_vma(test);
	vm_flags_t before, set, cleared;

	mmap_write_lock(current->mm);
	before = vma->vm_flags;
	kbm_vma_set_flags(vma, VM_DONTDUMP);
	set = vma->vm_flags;
	kbm_vma_clear_flags(vma, VM_DONTDUMP | VM_MAYEXEC);
	cleared = vma->vm_flags;
	mmap_write_unlock(current->mm);

	KUNIT_EXPECT_TRUE(test, before & VM_MAYEXEC);
	KUNIT_EXPECT_EQ(test, set, before | VM_DONTDUMP);
	KUNIT_EXPECT_EQ(test, cleared, before & ~VM_MAYEXEC);
}

/* The no-expand set is VM_DONTEXPAND plus whatever keeps pages out of dumps. */
static void kbm_compat_vma_noexpand_nodump(struct kunit *test)
{
	struct vm_area_struct *vma = kbm_compat_anon_vma(test);
	vm_flags_t before, after;

	KUNIT_EXPECT_EQ(test, (vm_flags_t)KBM_VM_NOEXPAND_NODUMP,
			VM_DONTEXPAND | VM_DONTDUMP);
	mmap_write_lock(current->mm);
	before = vma->vm_flags;
	kbm_vma_set_flags(vma, KBM_VM_NOEXPAND_NODUMP);
	after = vma->vm_flags;
	mmap_write_unlock(current->mm);
	KUNIT_EXPECT_EQ(test, after ^ before,
			(vm_flags_t)(VM_DONTEXPAND | VM_DONTDUMP));
}

/* ---- the fault-handler wrapper ---------------------------------------- */

struct kbm_compat_seen {
	struct vm_area_struct *vma;
	pgoff_t pgoff;
	unsigned long address;
	kbm_vm_fault_t answer;
	struct page *page;
};

static struct kbm_compat_seen *kbm_compat_seen;

static kbm_vm_fault_t kbm_compat_handler(struct kbm_vmf *f)
{
	struct kbm_compat_seen *s = kbm_compat_seen;

	s->vma = kbm_fault_vma(f);
	s->pgoff = kbm_fault_pgoff(f);
	s->address = kbm_fault_address(f);
	if (s->page)
		return kbm_fault_page(f, s->page);
	return s->answer;
}

KBM_DEFINE_FAULT(kbm_compat_handler);

static const struct vm_operations_struct kbm_compat_vm_ops = {
	KBM_VM_OPS_FAULT(kbm_compat_handler),
};

/* The accessors read back what the fault path put into struct vm_fault. */
static void kbm_compat_fault_accessors(struct kunit *test)
{
	struct vm_area_struct *vma = kbm_compat_anon_vma(test);
	struct kbm_compat_seen seen = { .answer = KBM_FAULT_SIGBUS };
	struct vm_fault vmf = {
		.vma = vma,
		.pgoff = 5,
		.address = vma->vm_start + PAGE_SIZE,
	};

	kbm_compat_seen = &seen;
	KUNIT_EXPECT_EQ(test, kbm_compat_vm_ops.fault(&vmf), VM_FAULT_SIGBUS);
	KUNIT_EXPECT_PTR_EQ(test, seen.vma, vma);
	KUNIT_EXPECT_EQ(test, seen.pgoff, 5UL);
	KUNIT_EXPECT_EQ(test, seen.address, vma->vm_start + PAGE_SIZE);
}

/* Each KBM_FAULT_* code reaches the core as the VM_FAULT_* it stands for. */
static void kbm_compat_fault_codes(struct kunit *test)
{
	struct vm_area_struct *vma = kbm_compat_anon_vma(test);
	struct kbm_compat_seen seen = { };
	struct vm_fault vmf = { .vma = vma, .address = vma->vm_start };
	struct page *page;
	int refs;

	kbm_compat_seen = &seen;
	seen.answer = KBM_FAULT_SIGBUS;
	KUNIT_EXPECT_EQ(test, kbm_compat_vm_ops.fault(&vmf), VM_FAULT_SIGBUS);
	seen.answer = KBM_FAULT_OOM;
	KUNIT_EXPECT_EQ(test, kbm_compat_vm_ops.fault(&vmf), VM_FAULT_OOM);
	seen.answer = KBM_FAULT_NOPAGE;
	KUNIT_EXPECT_EQ(test, kbm_compat_vm_ops.fault(&vmf), VM_FAULT_NOPAGE);
	KUNIT_EXPECT_NULL(test, vmf.page);

	/* kbm_fault_page() hands the page over with a reference of its own. */
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	refs = page_ref_count(page);
	seen.page = page;
	KUNIT_EXPECT_EQ(test, kbm_compat_vm_ops.fault(&vmf), 0);
	KUNIT_EXPECT_PTR_EQ(test, vmf.page, page);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), refs + 1);
	put_page(page);
	__free_page(page);
}

/*
 * Run a mapping's fault handler for @pgoff as the fault path would, under
 * the mmap lock; on success the page comes back with a reference.
 */
static vm_fault_t kbm_compat_call_fault(struct kunit *test, unsigned long addr,
					pgoff_t pgoff, struct page **pagep)
{
	struct vm_area_struct *vma = kbm_test_vma(test, addr);
	struct vm_fault vmf = {
		.vma = vma,
		.pgoff = pgoff,
		.address = vma->vm_start +
			   ((pgoff - vma->vm_pgoff) << PAGE_SHIFT),
		.gfp_mask = GFP_KERNEL,
	};
	vm_fault_t ret;

	KUNIT_ASSERT_NOT_NULL(test, vma->vm_ops);
	KUNIT_ASSERT_NOT_NULL(test, vma->vm_ops->fault);
	mmap_read_lock(current->mm);
	ret = vma->vm_ops->fault(&vmf);
	mmap_read_unlock(current->mm);
	*pagep = vmf.page;
	return ret;
}

/* Map @buf whole, shared; the mapping goes away with the test's mm. */
static unsigned long kbm_compat_map(struct kunit *test, struct kbm_buffer *buf)
{
	unsigned long addr;

	addr = kbm_test_map(test, kbm_test_file(test, buf),
			    buf->nr_pages << PAGE_SHIFT, MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	return addr;
}

static const struct kbm_test_kind kbm_compat_contig_fault = {
	"contig-fault", KBM_BACKEND_CONTIG, KBM_FILL_PREALLOC,
	KBM_POPULATE_FAULT,
};

static const struct kbm_test_kind kbm_compat_sparse = {
	"pages-sparse", KBM_BACKEND_PAGES, KBM_FILL_SPARSE, KBM_POPULATE_FAULT,
};

static const struct kbm_test_kind kbm_compat_ondemand = {
	"pages-ondemand", KBM_BACKEND_PAGES, KBM_FILL_ONDEMAND,
	KBM_POPULATE_FAULT,
};

/*
 * A present page is handed to the core with one reference more, or, when
 * the handler maps pages itself (fault-around), mapped by the handler.
 */
static void kbm_compat_fault_page_found(struct kunit *test)
{
	struct kbm_buffer *buf = kbm_test_create(test, &kbm_compat_contig_fault,
						 KBM_TEST_SIZE);
	unsigned long addr = kbm_compat_map(test, buf);
	struct page *want = kbm_buffer_page(buf, 2), *got = NULL;
	int refs = page_ref_count(want);
	vm_fault_t ret;

	KUNIT_ASSERT_FALSE(test, folio_mapped(page_folio(want)));
	ret = kbm_compat_call_fault(test, addr, 2, &got);
	if (ret == VM_FAULT_NOPAGE) {
		KUNIT_EXPECT_NULL(test, got);
		KUNIT_EXPECT_TRUE(test, folio_mapped(page_folio(want)));
		return;
	}
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_PTR_EQ(test, got, want);
	KUNIT_EXPECT_EQ(test, page_ref_count(want), refs + 1);
	if (got)
		put_page(got);
}

/* A hole of a sparse buffer is SIGBUS, and stays a hole. */
static void kbm_compat_fault_hole_sigbus(struct kunit *test)
{
	struct kbm_buffer *buf = kbm_test_create(test, &kbm_compat_sparse,
						 KBM_TEST_SIZE);
	unsigned long addr = kbm_compat_map(test, buf);
	struct page *got = NULL;

	KUNIT_EXPECT_EQ(test, kbm_compat_call_fault(test, addr, 1, &got),
			VM_FAULT_SIGBUS);
	KUNIT_EXPECT_NULL(test, got);
	KUNIT_EXPECT_NULL(test, kbm_buffer_page(buf, 1));
}

/* Offsets past the buffer are SIGBUS, however far past. */
static void kbm_compat_fault_out_of_range_sigbus(struct kunit *test)
{
	struct kbm_buffer *buf = kbm_test_create(test, &kbm_compat_ondemand,
						 KBM_TEST_SIZE);
	unsigned long addr = kbm_compat_map(test, buf);
	pgoff_t bad[] = { KBM_TEST_PAGES, KBM_TEST_PAGES + 1, ULONG_MAX };
	struct page *got;
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		vm_fault_t ret;

		got = NULL;
		ret = kbm_compat_call_fault(test, addr, bad[i], &got);
		KUNIT_EXPECT_EQ_MSG(test, ret, VM_FAULT_SIGBUS, "pgoff %lu",
				    bad[i]);
		KUNIT_EXPECT_NULL(test, got);
	}
	/* ...and allocate nothing on the way. */
	for (i = 0; i < KBM_TEST_PAGES; i++)
		KUNIT_EXPECT_NULL(test, kbm_buffer_page(buf, i));
}

/* A hole of an on-demand buffer is filled with a zeroed page. */
static void kbm_compat_fault_ondemand_fills_hole(struct kunit *test)
{
	struct kbm_buffer *buf;
	unsigned long addr;
	struct page *got = NULL;

	kbm_test_dirty_free_pages(test, 0, 16);
	buf = kbm_test_create(test, &kbm_compat_ondemand, KBM_TEST_SIZE);
	addr = kbm_compat_map(test, buf);
	KUNIT_EXPECT_EQ(test, kbm_compat_call_fault(test, addr, 3, &got), 0);
	KUNIT_ASSERT_NOT_NULL(test, got);
	KUNIT_EXPECT_PTR_EQ(test, got, kbm_buffer_page(buf, 3));
	KUNIT_EXPECT_TRUE(test, kbm_test_page_is(got, 0));
	KUNIT_EXPECT_NULL(test, kbm_buffer_page(buf, 2));
	put_page(got);
}

#ifdef KBM_HAVE_KUNIT_STATIC_STUB
static int kbm_compat_page_get_enomem(struct kbm_buffer *buf, pgoff_t pgoff,
				      bool alloc, struct page **pagep)
{
	return -ENOMEM;
}
#endif

/* When no page can be had, the fault is VM_FAULT_OOM, not SIGBUS. */
static void kbm_compat_fault_alloc_failure_oom(struct kunit *test)
{
	struct kbm_buffer *buf = kbm_test_create(test, &kbm_compat_ondemand,
						 KBM_TEST_SIZE);
	unsigned long addr = kbm_compat_map(test, buf);
	struct page *got = NULL;

#ifdef KBM_HAVE_KUNIT_STATIC_STUB
	kunit_activate_static_stub(test, kbm_buffer_page_get,
				   kbm_compat_page_get_enomem);
#else
	kunit_skip(test, "no KUnit static stubs (v6.3) to fail the allocation");
#endif
	KUNIT_EXPECT_EQ(test, kbm_compat_call_fault(test, addr, 0, &got),
			VM_FAULT_OOM);
	KUNIT_EXPECT_NULL(test, got);
}

/* ---- memory helpers ---------------------------------------------------- */

static const int kbm_compat_static_word = 1;

static void kbm_compat_is_vmalloc_addr(struct kunit *test)
{
	void *v = vmalloc(2 * PAGE_SIZE);
	void *k = kmalloc(64, GFP_KERNEL);
	int on_stack = 0;

	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_EXPECT_TRUE(test, kbm_is_vmalloc_addr(v));
	KUNIT_EXPECT_TRUE(test, kbm_is_vmalloc_addr((char *)v + PAGE_SIZE));
	vfree(v);
	KUNIT_ASSERT_NOT_NULL(test, k);
	KUNIT_EXPECT_FALSE(test, kbm_is_vmalloc_addr(k));
	kfree(k);
	KUNIT_EXPECT_FALSE(test, kbm_is_vmalloc_addr(&kbm_compat_static_word));
	KUNIT_EXPECT_FALSE(test, kbm_is_vmalloc_addr(NULL));
	KUNIT_EXPECT_EQ(test, kbm_is_vmalloc_addr(&on_stack),
			IS_ENABLED(CONFIG_VMAP_STACK));
#ifdef CONFIG_EXECMEM
	/* Module memory is mapped like vmalloc memory. */
	v = execmem_alloc(EXECMEM_MODULE_DATA, PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_EXPECT_TRUE(test, kbm_is_vmalloc_addr(v));
	execmem_free(v);
#endif
}

static void kbm_compat_kvzalloc_zeroed(struct kunit *test)
{
	size_t sizes[] = { 64, PAGE_SIZE, 5 * PAGE_SIZE + 8 };
	int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		void *p;

		kbm_test_dirty_free_pages(test, 0, 16);
		p = kbm_kvzalloc(sizes[i]);
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_NULL_MSG(test, memchr_inv(p, 0, sizes[i]),
				      "%zu bytes", sizes[i]);
		kbm_kvfree(p);
	}
	kbm_kvfree(NULL);
}

/* kbm_pin_user_pages() holds the pages until kbm_unpin_user_pages(). */
static void kbm_compat_pin_user_pages(struct kunit *test)
{
	unsigned long addr = kbm_test_user_mem(test, 2 * PAGE_SIZE);
	struct page *pages[2];
	int refs[2], i;
	char c = 'x';

	/* Fault both pages in first, so there are pages to count. */
	for (i = 0; i < 2; i++)
		KUNIT_ASSERT_EQ(test, 0, copy_to_user((char __user *)addr +
						      i * PAGE_SIZE, &c, 1));
	KUNIT_ASSERT_EQ(test, kbm_pin_user_pages(addr, 2, true, pages), 2);
	for (i = 0; i < 2; i++) {
		refs[i] = page_ref_count(pages[i]);
		KUNIT_EXPECT_EQ(test, folio_maybe_dma_pinned(page_folio(pages[i])),
				KBM_PROBED(PIN_USER_PAGES_FAST));
	}
	KUNIT_EXPECT_PTR_NE(test, pages[0], pages[1]);
	kbm_unpin_user_pages(pages, 2, true);
	for (i = 0; i < 2; i++) {
		KUNIT_EXPECT_LT(test, page_ref_count(pages[i]), refs[i]);
		KUNIT_EXPECT_FALSE(test,
				   folio_maybe_dma_pinned(page_folio(pages[i])));
	}
}

static struct kunit_case kbm_compat_cases[] = {
	KUNIT_CASE_PARAM(kbm_compat_probe_matches_release,
			 kbm_probe_facts_gen_params),
	KUNIT_CASE(kbm_compat_probe_facts_complete),
	KUNIT_CASE(kbm_compat_probe_alternatives_exclusive),
	KUNIT_CASE(kbm_compat_vm_flags_probe_matches_struct),
	KUNIT_CASE(kbm_compat_fault_probe_matches_vm_ops),
	KUNIT_CASE(kbm_compat_mmap_entry_point),
	KUNIT_CASE(kbm_compat_vma_set_flags),
	KUNIT_CASE(kbm_compat_vma_clear_flags),
	KUNIT_CASE(kbm_compat_vma_noexpand_nodump),
	KUNIT_CASE(kbm_compat_fault_accessors),
	KUNIT_CASE(kbm_compat_fault_codes),
	KUNIT_CASE(kbm_compat_fault_page_found),
	KUNIT_CASE(kbm_compat_fault_hole_sigbus),
	KUNIT_CASE(kbm_compat_fault_out_of_range_sigbus),
	KUNIT_CASE(kbm_compat_fault_ondemand_fills_hole),
	KUNIT_CASE(kbm_compat_fault_alloc_failure_oom),
	KUNIT_CASE(kbm_compat_is_vmalloc_addr),
	KUNIT_CASE(kbm_compat_kvzalloc_zeroed),
	KUNIT_CASE(kbm_compat_pin_user_pages),
	{}
};

static struct kunit_suite kbm_compat_suite = {
	.name = "kbufmap_compat",
	.test_cases = kbm_compat_cases,
};

kunit_test_suite(kbm_compat_suite);

MODULE_DESCRIPTION("KUnit tests for kbufmap's compat layer");
MODULE_LICENSE("GPL");
