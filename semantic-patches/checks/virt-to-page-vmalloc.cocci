// SPDX-License-Identifier: GPL-2.0
/// Find virt_to_page() and friends on vmalloc, module or stack addresses.
///
/// The friends are virt_to_phys(), __pa(), virt_to_pfn() and
/// virt_to_head_page().
///
/// These are arithmetic on the kernel's linear map.  A vmalloc address
/// (vmalloc(), vmalloc_user(), ...), an array in a module's own data (file
/// scope or static: modules are vmalloc-mapped on x86-64 and most other
/// architectures) or an array on the stack (stacks are vmalloc-mapped with
/// CONFIG_VMAP_STACK) gives a wrong struct page without any complaint.
/// Use vmalloc_to_page()/vmalloc_to_pfn(), or pick with is_vmalloc_addr();
/// for module data, allocate the buffer instead.
/// LDD3's scullv uses vmalloc_to_page() for exactly this reason.
//
// Confidence: Moderate
// Options: --no-includes --include-headers
// Keywords: virt_to_page, vmalloc, vmalloc_to_page, module address, VMAP_STACK

virtual context
virtual org
virtual report

@initialize:python@
@@
import re
vbufs = set()
objects = set()

def names(e):
    return set(re.findall(r"[A-Za-z_]\w*", str(e)))

@valloc@
identifier k, af = {vmalloc, vzalloc, vmalloc_user, vmalloc_32,
		    vmalloc_32_user, vmalloc_node, vzalloc_node, __vmalloc};
expression E, I;
type T;
@@
(
k = af(...)
|
k = (T)af(...)
|
E->k = af(...)
|
E->k = (T)af(...)
|
E.k = af(...)
|
E->k[I] = af(...)
|
k[I] = af(...)
)

@vallocdecl@
identifier k, af = {vmalloc, vzalloc, vmalloc_user, vmalloc_32,
		    vmalloc_32_user, vmalloc_node, vzalloc_node, __vmalloc};
type T, T2;
@@
(
T k = af(...);
|
T k = (T2)af(...);
)

@script:python@
k << valloc.k;
@@
vbufs.add(k)

@script:python@
k << vallocdecl.k;
@@
vbufs.add(k)

// Arrays anywhere (file scope, static, stack) are not in the linear map.
@arr@
type T;
identifier a;
expression N;
@@
(
T a[N];
|
T a[N] = ...;
|
T a[];
|
T a[] = ...;
)

@script:python@
a << arr.a;
@@
objects.add(a)

@conv@
identifier f = {virt_to_page, virt_to_phys, __pa, virt_to_pfn, virt_to_head_page};
expression X;
position p;
@@
f@p(X)

@script:python filt@
f << conv.f;
X << conv.X;
@@
ns = names(X)
if not (ns & vbufs or ns & objects):
    cocci.include_match(False)

@depends on context && !org && !report@
identifier conv.f;
position conv.p;
@@
* f@p(...)

@script:python depends on org@
f << conv.f;
X << conv.X;
p << conv.p;
@@
coccilib.org.print_todo(p[0], "%s(%s): not a linear-map address (vmalloc, module data or stack); use vmalloc_to_page()/vmalloc_to_pfn() or is_vmalloc_addr()" % (f, X))

@script:python depends on report@
f << conv.f;
X << conv.X;
p << conv.p;
@@
coccilib.report.print_report(p[0], "%s(%s): not a linear-map address (vmalloc, module data or stack); use vmalloc_to_page()/vmalloc_to_pfn() or is_vmalloc_addr()" % (f, X))
