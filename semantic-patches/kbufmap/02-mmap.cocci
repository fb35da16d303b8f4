// SPDX-License-Identifier: GPL-2.0
/// Rewrite an f_op->mmap handler onto kbufmap's mapping-request API.
///
/// kbufmap's compat/kbm_mmap.h hides whether the kernel maps through
/// f_op->mmap (a VMA; every kernel up to v7.0) or f_op->mmap_prepare with
/// mmap actions and vm_ops->mapped (v7.1+; .mmap_prepare itself is v6.16,
/// c84bf6dd2b83).  The handler receives a struct kbm_mmap_req and is declared
/// with KBM_DEFINE_MMAP(fn) / KBM_FOP_MMAP(fn).  In the handler:
///   - remap_pfn_range(vma, vma->vm_start, pfn, <whole size>, prot)
///                                          -> kbm_req_remap_pfn(vma, pfn)
///   - vma->vm_ops = &ops; vma->vm_private_data = p;
///                                        -> kbm_req_set_ops(vma, &ops, p)
///   - the explicit call of ops.open        -> kbm_req_mapped(vma)
///   - VM_RESERVED, VM_DONTEXPAND|VM_DONTDUMP -> kbm_req_forbid_expand(vma)
///   - VM_MIXEDMAP                          -> kbm_req_set_mixedmap(vma)
///   - vma->vm_page_prot = f(vma->vm_page_prot)
///                             -> *kbm_req_prot(vma) = f(*kbm_req_prot(vma))
///   - size, page offset, VM_SHARED test -> kbm_req_size/_pgoff/_is_shared
/// Everywhere, reading vma->vm_private_data becomes kbm_vma_private(vma):
/// on .mmap_prepare kernels the pointer is tagged until ->mapped runs.
/// When the handler counts mappings through ops.open (the LDD3 pattern),
/// the open function is split so the same count is taken by
/// KBM_DEFINE_VM_MAPPED() on .mmap_prepare kernels, and close ignores a
/// VMA that was never accounted (kbm_vma_accounted()).
/// Left and reported, for want of a kbufmap counterpart: other VM_* flags
/// (VM_IO, ...), io_remap_pfn_range(), remap_vmalloc_range() and
/// vm_insert_page() (kbm_req_remap_vmalloc() and kbm_req_insert_pages()
/// want the buffer's page array), and any other use of the VMA.
//
// Confidence: Moderate
// Options: --no-includes --include-headers
// Keywords: kbufmap, KBM_DEFINE_MMAP, struct kbm_mmap_req, mmap, mmap_prepare

virtual patch
virtual context
virtual org
virtual report

// The handlers: anything with the f_op->mmap signature.
@mm@
identifier fn, fl, vma;
position p;
@@
int fn@p(struct file *fl, struct vm_area_struct *vma)
{ ... }

@fops@
identifier o, fn;
position pf;
@@
struct file_operations o@pf = {
	.mmap = fn,
};

// A handler that maps by means kbufmap has no call for is left whole.
@unsupported@
identifier mm.fn, mm.fl, mm.vma;
identifier f = {io_remap_pfn_range, remap_vmalloc_range, vm_insert_page,
		vm_iomap_memory, vm_insert_pfn, vm_insert_mixed};
position q;
@@
fn(struct file *fl, struct vm_area_struct *vma)
{
<+...
f@q(...)
...+>
}

@script:python depends on report || org@
fn << mm.fn;
f << unsupported.f;
q << unsupported.q;
@@
coccilib.report.print_report(q[0], "%s: %s() has no kbm_req_* counterpart here (the remap_vmalloc/insert_pages helpers want the buffer's page array); handler left as it is" % (fn, f))

@initialize:python@
@@
unsupported_handlers = set()

@script:python@
fn << mm.fn;
f << unsupported.f;
@@
unsupported_handlers.add(fn)

@script:python@
fn << mm.fn;
@@
if fn in unsupported_handlers:
    cocci.include_match(False)

// KBM_DEFINE_MMAP() goes right after the handler; where the handler is
// defined in another file, after the last function before the
// file_operations, with a prototype of the handler (spatch 1.1.1 adds
// top-level code only after a function).
@defined@
identifier fops.fn;
@@
fn(...) { ... }

@initialize:python@
@@
import collections
befores = collections.defaultdict(list)

def last_before(key, line, limit):
    if line < limit:
        befores[key].append(line)

def is_last(key, line):
    return bool(befores[key]) and line == max(befores[key])

@depends on patch && !context && !org && !report && defined@
identifier fops.fn;
@@
fn(...) { ... }
+ KBM_DEFINE_MMAP(fn);

@fops2 depends on patch && !context && !org && !report && !defined@
identifier o, fn;
position pf;
@@
struct file_operations o@pf = {
	.mmap = fn,
};

@before2 depends on patch && !context && !org && !report && !defined@
identifier g;
position pg;
@@
g@pg(...) { ... }

@script:python depends on patch && !defined@
pg << before2.pg;
pf << fops2.pf;
fn << fops2.fn;
@@
last_before(("u", fn), int(pg[0].line), int(pf[0].line))

@script:python depends on patch && !defined@
pg << before2.pg;
fn << fops2.fn;
@@
if not is_last(("u", fn), int(pg[0].line)):
    cocci.include_match(False)

@depends on patch && !context && !org && !report && !defined@
identifier before2.g, fops2.fn;
position before2.pg;
@@
g@pg(...) { ... }
+ int fn(struct file *file, struct kbm_mmap_req *req);
+ KBM_DEFINE_MMAP(fn);

// ------------------------------------------------------ handler bodies --

// remap_pfn_range() over the whole request, from its start.
@depends on patch && !context && !org && !report@
identifier mm.fn, mm.fl, mm.vma;
expression PFN;
@@
fn(struct file *fl, struct vm_area_struct *vma)
{
<...
- remap_pfn_range(vma, vma->vm_start, PFN, vma->vm_end - vma->vm_start,
-		  vma->vm_page_prot)
+ kbm_req_remap_pfn(vma, PFN)
...>
}

// The same with the size in a local that holds the whole size.
@wholesize@
identifier mm.fn, mm.fl, mm.vma, S;
expression E;
@@
fn(struct file *fl, struct vm_area_struct *vma)
{
...
(
unsigned long S = vma->vm_end - vma->vm_start;
|
S = vma->vm_end - vma->vm_start;
)
... when != S = E
}

@depends on patch && !context && !org && !report@
identifier mm.fn, mm.fl, mm.vma, wholesize.S;
expression PFN;
@@
fn(struct file *fl, struct vm_area_struct *vma)
{
<...
- remap_pfn_range(vma, vma->vm_start, PFN, S, vma->vm_page_prot)
+ kbm_req_remap_pfn(vma, PFN)
...>
}

// ops and private data: one call.
@priv depends on patch && !context && !org && !report@
identifier mm.fn, mm.fl, mm.vma;
expression P;
@@
fn(struct file *fl, struct vm_area_struct *vma)
{
<...
- vma->vm_private_data = P;
...>
}

@setops depends on patch && !context && !org && !report@
identifier mm.fn, mm.fl, mm.vma, O;
expression priv.P;
@@
fn(struct file *fl, struct vm_area_struct *vma)
{
<...
- vma->vm_ops = &O;
+ kbm_req_set_ops(vma, &O, P);
...>
}

@setops0 depends on patch && !context && !org && !report@
identifier mm.fn, mm.fl, mm.vma, O;
@@
fn(struct file *fl, struct vm_area_struct *vma)
{
<...
- vma->vm_ops = &O;
+ kbm_req_set_ops(vma, &O, NULL);
...>
}

// The explicit ->open() call that accounts the first mapping.
@opsopen@
identifier o, op;
@@
struct vm_operations_struct o = {
	.open = op,
};

@mapped depends on patch && !context && !org && !report@
identifier mm.fn, mm.fl, mm.vma;
identifier opsopen.o, opsopen.op;
position pc;
@@
fn(struct file *fl, struct vm_area_struct *vma)
{
...
kbm_req_set_ops(vma, &o, ...);
...
- op@pc(vma);
+ kbm_req_mapped(vma);
...
}

// Flags that have a kbufmap call.
@depends on patch && !context && !org && !report@
identifier mm.fn, mm.fl, mm.vma;
expression X;
@@
fn(struct file *fl, struct vm_area_struct *vma)
{
<...
(
- vma->vm_flags |= \(VM_RESERVED\|VM_DONTEXPAND | VM_DONTDUMP\|VM_DONTDUMP | VM_DONTEXPAND\|VM_DONTEXPAND | VM_RESERVED\|VM_RESERVED | VM_DONTEXPAND\);
+ kbm_req_forbid_expand(vma);
|
- vm_flags_set(vma, \(VM_DONTEXPAND | VM_DONTDUMP\|VM_DONTDUMP | VM_DONTEXPAND\));
+ kbm_req_forbid_expand(vma);
|
- vma->vm_flags |= X | \(VM_RESERVED\|VM_DONTEXPAND | VM_DONTDUMP\);
+ kbm_req_forbid_expand(vma);
+ vma->vm_flags |= X;
|
- vma->vm_flags |= VM_MIXEDMAP;
+ kbm_req_set_mixedmap(vma);
|
- vm_flags_set(vma, VM_MIXEDMAP);
+ kbm_req_set_mixedmap(vma);
)
...>
}

// Protection, size, offset, sharing.
@depends on patch && !context && !org && !report@
identifier mm.fn, mm.fl, mm.vma, f;
@@
fn(struct file *fl, struct vm_area_struct *vma)
{
<...
(
- vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
+ *kbm_req_prot(vma) = kbm_pgprot_writecombine(*kbm_req_prot(vma));
|
- vma->vm_page_prot = f(vma->vm_page_prot);
+ *kbm_req_prot(vma) = f(*kbm_req_prot(vma));
)
...>
}

@depends on patch && !context && !org && !report@
identifier mm.fn, mm.fl, mm.vma;
@@
fn(struct file *fl, struct vm_area_struct *vma)
{
<...
(
- !(vma->vm_flags & VM_SHARED)
+ !kbm_req_is_shared(vma)
|
- vma->vm_end - vma->vm_start
+ kbm_req_size(vma)
|
- vma_pages(vma)
+ (kbm_req_size(vma) >> PAGE_SHIFT)
|
- vma->vm_pgoff
+ kbm_req_pgoff(vma)
|
- vma->vm_flags & VM_SHARED
+ kbm_req_is_shared(vma)
|
- vma->vm_page_prot
+ *kbm_req_prot(vma)
)
...>
}

// The handler's signature and its prototypes.
@depends on patch && !context && !org && !report@
identifier mm.fn, mm.fl, mm.vma;
@@
int fn(struct file *fl,
-	struct vm_area_struct *vma
+	struct kbm_mmap_req *vma
	)
{ ... }

// (By signature, like the handlers: a header sees no definition.)
@depends on patch && !context && !org && !report@
identifier fn, fl, vma;
@@
(
int fn(struct file *fl,
-	struct vm_area_struct *vma
+	struct kbm_mmap_req *vma
	);
|
int fn(struct file *,
-	struct vm_area_struct *
+	struct kbm_mmap_req *
	);
)

// ------------------------------------------- counting mappings in open --

// Everywhere else the private pointer is read through kbm_vma_private().
@depends on patch && !context && !org && !report@
struct vm_area_struct *v;
expression E, F;
@@
(
v->vm_private_data = E
|
- v->vm_private_data
+ kbm_vma_private(v)
|
- kbm_fault_vma(F)->vm_private_data
+ kbm_vma_private(kbm_fault_vma(F))
)

// An open that only looks at the private data can be split in two: the
// accounting, and the ->open() that calls it.
@inpriv depends on patch && !context && !org && !report && mapped@
identifier opsopen.op, vma;
position q1;
@@
op(struct vm_area_struct *vma)
{
<+... kbm_vma_private(vma@q1) ...+>
}

@openother depends on patch && !context && !org && !report && mapped@
identifier opsopen.op, vma;
position q != inpriv.q1;
@@
op(struct vm_area_struct *vma)
{
<+... vma@q ...+>
}

@opstatic depends on patch && !context && !org && !report@
identifier opsopen.op, vma;
@@
static void op(struct vm_area_struct *vma) { ... }

@splitok depends on patch && !context && !org && !report && mapped && inpriv && !openother@
identifier opsopen.op, vma;
fresh identifier acc = op ## "_account";
@@
(
- static void op(struct vm_area_struct *vma)
+ static void acc(void *priv)
{
<...
- kbm_vma_private(vma)
+ priv
...>
}
|
- void op(struct vm_area_struct *vma)
+ static void acc(void *priv)
{
<...
- kbm_vma_private(vma)
+ priv
...>
}
)

@depends on patch && !context && !org && !report && splitok && opstatic@
identifier opsopen.op, splitok.acc;
@@
acc(...) { ... }
+ static void op(struct vm_area_struct *vma)
+ {
+	acc(kbm_vma_private(vma));
+ }
+ KBM_DEFINE_VM_MAPPED(acc);

@depends on patch && !context && !org && !report && splitok && !opstatic@
identifier opsopen.op, splitok.acc;
@@
acc(...) { ... }
+ void op(struct vm_area_struct *vma)
+ {
+	acc(kbm_vma_private(vma));
+ }
+ KBM_DEFINE_VM_MAPPED(acc);

@depends on patch && !context && !org && !report && splitok@
identifier opsopen.o, splitok.acc;
@@
struct vm_operations_struct o = {
	...,
+	KBM_VM_OPS_MAPPED(acc)
};

// close must not undo an account that ->mapped() never took.
@opsclose depends on patch && !context && !org && !report && splitok@
identifier opsopen.o, cl;
@@
struct vm_operations_struct o = {
	.close = cl,
};

@depends on patch && !context && !org && !report@
identifier opsclose.cl, vma;
statement S;
@@
cl(struct vm_area_struct *vma)
{
... when != S
+ if (!kbm_vma_accounted(vma))
+	return;
S
...
}

// ---------------------------------------------- the file_operations side --

@depends on patch && !context && !org && !report@
identifier fops.o, fops.fn;
@@
struct file_operations o = {
-	.mmap = fn,
+	KBM_FOP_MMAP(fn),
};

// ------------------------------------------------------- context/report --

@depends on context && !patch && !org && !report@
identifier mm.fn, mm.fl, mm.vma;
@@
* int fn(struct file *fl, struct vm_area_struct *vma)
{ ... }

@script:python depends on report || org@
fn << mm.fn;
p << mm.p;
@@
coccilib.report.print_report(p[0], "%s: mmap handler; write it with struct kbm_mmap_req / KBM_DEFINE_MMAP so it also maps through .mmap_prepare (kbufmap compat/kbm_mmap.h)" % fn)
