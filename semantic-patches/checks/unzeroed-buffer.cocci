// SPDX-License-Identifier: GPL-2.0
/// Find buffers that user space maps but that were never zeroed.
///
/// kmalloc(), kmalloc_array(), __get_free_pages(), __get_free_page(),
/// alloc_pages(), alloc_page() (without __GFP_ZERO) and vmalloc() return
/// memory with whatever its previous owner left there.  A buffer that an
/// mmap or fault handler then maps into user space hands that stale kernel
/// data out (seed 001: kmalloc() + strcpy() + remap_pfn_range()).  The
/// buffer is followed by name (a variable, or a structure member of any
/// structure) from its allocation to a mapping: an argument of
/// virt_to_phys()/virt_to_page()/remap_pfn_range()/vm_insert_page()/...,
/// the page a fault handler hands back or a nopage handler returns, in an
/// mmap or fault handler, also through that handler's locals.  A local
/// only counts in its own function.  Report mode connects allocation and
/// mapping across the files of one run, patch mode within a file.
/// memset(.., 0, ..), memzero_explicit(), clear_page(), clear_highpage(),
/// clear_user_page() and clear_user_highpage() count as zeroing.
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
import re
allocs = []		# (function, name, allocator, position)
locals_seen = set()	# (function, name) of every local variable
mapping_fns = set()	# mmap handlers and fault/nopage handlers
zeroed = set()		# names memset() & co. were applied to
sinks = {}		# mapping function -> names that reach the user mapping
assigns = {}		# mapping function -> {local: names it is computed from}

def gfp_zero(args):
    return "__GFP_ZERO" in str(args)

def names(e):
    return set(re.findall(r"[A-Za-z_]\w*", str(e)))

def mapped_names(fn):
    """Names that reach a mapping in fn, through its locals."""
    if fn not in mapping_fns:
        return set()
    out = set(sinks.get(fn, ()))
    todo = list(out)
    while todo:
        n = todo.pop()
        for m in assigns.get(fn, {}).get(n, ()):
            if m not in out:
                out.add(m)
                todo.append(m)
    return out

def leaks():
    every = set()
    for fn in mapping_fns:
        every |= mapped_names(fn)
    for fn, k, af, pos in allocs:
        if k in zeroed:
            continue
        if (fn, k) in locals_seen:
            if fn not in mapping_fns:
                continue
            if k not in mapped_names(fn):
                continue
        elif k not in every:
            continue
        yield fn, k, af, pos

// ------------------------------------------------------- the allocations --
// (k = af(...) also matches "T k = af(...);" through spatch's isomorphisms.
// No rule here wraps its match in the enclosing function: the position
// names it (current_element), and the nests that wrapping needs are slow
// on large files.)

@alloc@
identifier k;
identifier af = {kmalloc, kmalloc_array, kmalloc_node, __get_free_pages,
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
    allocs.append((p[0].current_element, k, af, p[0]))

// Allocations into a local only leak through that function's own mapping.
@localk@
identifier k;
type T;
position p;
@@
(
T k@p;
|
T k@p = ...;
)

@script:python@
k << localk.k;
p << localk.p;
@@
locals_seen.add((p[0].current_element, k))

// ------------------------------------------------------------- zeroing --

@zero@
identifier zf = {memset, memzero_explicit, clear_page, clear_highpage,
		 clear_user_page, clear_user_highpage};
expression list es;
@@
zf(es)

@script:python@
zf << zero.zf;
es << zero.es;
@@
args = [a.strip() for a in str(es).split(",")]
# memset(p, 0, n): only with 0; the others zero their first argument
if zf != "memset" or (len(args) >= 2 and args[1] in ("0", "'\\0'", "0x0", "0x00")):
    zeroed.update(names(args[0]))

// ----------------------------------------- the functions that map pages --

@mmapfn@
identifier fn, fl, vma;
@@
int fn(struct file *fl, struct vm_area_struct *vma)
{ ... }

@script:python@
fn << mmapfn.fn;
@@
mapping_fns.add(fn)

@ops@
identifier o, fn;
identifier fld = {fault, nopage};
@@
struct vm_operations_struct o = {
	.fld = fn,
};

@script:python@
fn << ops.fn;
@@
mapping_fns.add(fn)

// What reaches the mapping: arguments of the calls that translate or map
// pages, the page a fault handler hands back, what a nopage returns.
@sink@
identifier sf = {virt_to_phys, __pa, virt_to_page, virt_to_pfn,
		 virt_to_head_page, vmalloc_to_page, vmalloc_to_pfn,
		 page_to_pfn, page_to_phys, remap_pfn_range, io_remap_pfn_range,
		 vm_insert_page, vm_insert_pages, vmf_insert_page, vm_insert_pfn,
		 vmf_insert_pfn, vm_insert_mixed, vmf_insert_mixed,
		 remap_vmalloc_range, vm_map_pages, get_page};
expression list es;
position p;
@@
sf@p(es)

@script:python@
es << sink.es;
p << sink.p;
@@
sinks.setdefault(p[0].current_element, set()).update(names(es))

@sinkpage@
expression V, E;
position p;
@@
V->page@p = E

@script:python@
E << sinkpage.E;
p << sinkpage.p;
@@
sinks.setdefault(p[0].current_element, set()).update(names(E))

@sinkret@
identifier ops.fn;
expression E;
@@
struct page *fn(...)
{
<+...
return E;
...+>
}

@script:python@
fn << ops.fn;
E << sinkret.E;
@@
sinks.setdefault(fn, set()).update(names(E))

@asg@
identifier t;
expression E;
position p;
@@
t@p = E

@script:python@
t << asg.t;
E << asg.E;
p << asg.p;
@@
assigns.setdefault(p[0].current_element, {}).setdefault(t, set()).update(names(E))

// -------------------------------------------------------------- verdict --

@finalize:python depends on report || org@
@@
seen = set()
for fn, k, af, pos in leaks():
    key = (pos.file, pos.line, pos.column)
    if key in seen:
        continue
    seen.add(key)
    coccilib.report.print_report(pos, "%s from %s() is mapped to user space but never zeroed: stale kernel memory can leak; allocate it zeroed or memset() it" % (k, af))

// Patch mode: within this file, make the allocation a zeroing one.
@script:python leaky depends on patch@
p << alloc.p;
@@
if not any(pos.line == p[0].line and pos.column == p[0].column
           for _, _, _, pos in leaks()):
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
