// SPDX-License-Identifier: GPL-2.0
/// Find buffers that user space maps but that were never zeroed.
///
/// kmalloc(), kmalloc_array(), __get_free_pages(), __get_free_page(),
/// alloc_pages(), alloc_page() (without __GFP_ZERO) and vmalloc() return
/// memory with whatever its previous owner left there.  A buffer that an
/// mmap or fault handler then maps into user space hands that stale kernel
/// data out (seed 001: kmalloc() + strcpy() + remap_pfn_range()).  The
/// buffer is followed by name: a global or local variable, or a structure
/// member (any structure), so an allocation in one function and the
/// mapping in another are connected (report mode connects them across the
/// files of one run, patch mode within a file).  memset(.., 0, ..),
/// memzero_explicit(), clear_page() and clear_highpage() count as zeroing.
///
/// Patch mode makes the allocation zeroing: kzalloc(), kcalloc(),
/// get_zeroed_page(), __GFP_ZERO, vzalloc().
//
// Confidence: Moderate
// Options: --no-includes --include-headers
// Keywords: kmalloc, __get_free_pages, __GFP_ZERO, info leak, mmap

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
allocs = []
zeroed = set()
mapped = set()

def gfp_zero(args):
    return "__GFP_ZERO" in str(args)

// ------------------------------------------------------- the allocations --
// (k = af(...) also matches "T k = af(...);" through spatch's isomorphisms.)

@alloc@
identifier k, af = {kmalloc, kmalloc_array, kmalloc_node, __get_free_pages,
		    __get_free_page, alloc_pages, alloc_page, vmalloc,
		    vmalloc_32, vmalloc_node};
expression E, I;
expression list es;
type T;
position p;
@@
(
k = af@p(es)
|
k = (T)af@p(es)
|
E->k = af@p(es)
|
E->k = (T)af@p(es)
|
E.k = af@p(es)
|
E.k = (T)af@p(es)
|
E->k[I] = af@p(es)
|
E->k[I] = (T)af@p(es)
|
k[I] = af@p(es)
|
k[I] = (T)af@p(es)
)

@script:python@
k << alloc.k;
af << alloc.af;
es << alloc.es;
p << alloc.p;
@@
if not gfp_zero(es):
    allocs.append((k, af, p[0]))

// ------------------------------------------------------------- zeroing --

// (One rule per shape: a nest with a disjunction binds only the innermost.)
@zero@
identifier k, zf = {memset, memzero_explicit, clear_page, clear_highpage};
expression list es;
@@
zf(<+... k ...+>, es)

@zerof@
identifier k, zf = {memset, memzero_explicit, clear_page, clear_highpage};
expression E;
expression list es;
@@
zf(<+... E->k ...+>, es)

@zerod@
identifier k, zf = {memset, memzero_explicit, clear_page, clear_highpage};
expression E;
expression list es;
@@
zf(<+... E.k ...+>, es)

@initialize:python@
@@
def zeroing(zf, es):
    # memset(p, 0, n): the value must be 0; the others only take p
    if zf != "memset":
        return True
    args = [a.strip() for a in str(es).split(",")]
    return len(args) >= 1 and args[0] in ("0", "'\\0'", "0x0", "0x00")

@script:python@
k << zero.k;
zf << zero.zf;
es << zero.es;
@@
if zeroing(zf, es):
    zeroed.add(k)

@script:python@
k << zerof.k;
zf << zerof.zf;
es << zerof.es;
@@
if zeroing(zf, es):
    zeroed.add(k)

@script:python@
k << zerod.k;
zf << zerod.zf;
es << zerod.es;
@@
if zeroing(zf, es):
    zeroed.add(k)

// ----------------------------------------- the functions that map pages --

@mmapfn@
identifier fn, fl, vma;
@@
int fn(struct file *fl, struct vm_area_struct *vma)
{ ... }

@ops@
identifier o, fn;
identifier fld = {fault, nopage};
@@
struct vm_operations_struct o = {
	.fld = fn,
};

@use@
identifier fn = {mmapfn.fn, ops.fn};
identifier k;
@@
fn(...)
{
<+... k ...+>
}

@usef@
identifier fn = {mmapfn.fn, ops.fn};
identifier k;
expression E;
@@
fn(...)
{
<+... E->k ...+>
}

@used@
identifier fn = {mmapfn.fn, ops.fn};
identifier k;
expression E;
@@
fn(...)
{
<+... E.k ...+>
}

@script:python@
k << use.k;
@@
mapped.add(k)

@script:python@
k << usef.k;
@@
mapped.add(k)

@script:python@
k << used.k;
@@
mapped.add(k)

// -------------------------------------------------------------- verdict --

@finalize:python depends on report || org@
@@
seen = set()
for k, af, pos in allocs:
    if k in mapped and k not in zeroed:
        key = (pos.file, pos.line, pos.column)
        if key in seen:
            continue
        seen.add(key)
        coccilib.report.print_report(pos, "%s from %s() is mapped to user space but never zeroed: stale kernel memory can leak; allocate it zeroed or memset() it" % (k, af))

// Patch mode: within this file, make the allocation a zeroing one.
@script:python leaky depends on patch@
k << alloc.k;
@@
if k not in mapped or k in zeroed:
    cocci.include_match(False)

@depends on patch && !context && !org && !report@
position alloc.p;
expression S, F, N, O;
@@
(
- kmalloc@p(S, F)
+ kzalloc(S, F)
|
- kmalloc_array@p(N, S, F)
+ kcalloc(N, S, F)
|
- kmalloc_node@p(S, F, N)
+ kzalloc_node(S, F, N)
|
- __get_free_pages@p(F, O)
+ __get_free_pages(F | __GFP_ZERO, O)
|
- __get_free_page@p(F)
+ get_zeroed_page(F)
|
- alloc_pages@p(F, O)
+ alloc_pages(F | __GFP_ZERO, O)
|
- alloc_page@p(F)
+ alloc_page(F | __GFP_ZERO)
|
- vmalloc@p(S)
+ vzalloc(S)
)

@depends on context && !patch && !org && !report@
position alloc.p;
identifier af;
@@
* af@p(...)
