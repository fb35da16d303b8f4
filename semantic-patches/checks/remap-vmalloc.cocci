// SPDX-License-Identifier: GPL-2.0
/// Find remap_pfn_range() over vmalloc memory.
///
/// vmalloc(), vzalloc(), vmalloc_user() and friends give virtually
/// contiguous memory whose pages are scattered; virt_to_phys()/__pa() of
/// it is meaningless (the linear-map arithmetic does not apply) and one
/// remap_pfn_range() of several pages maps unrelated physical memory.  Map
/// it with remap_vmalloc_range() (v2.6.18, 833423143c3a; the buffer from
/// vmalloc_user()), page by page with vm_insert_page(), or from a fault
/// handler with vmalloc_to_page().  A per-page remap_pfn_range() of
/// vmalloc_to_pfn() (one PAGE_SIZE each) is fine and not reported.  The
/// buffer is followed by name (variable or structure member) through one
/// local that holds a translation of it.
//
// Confidence: Moderate
// Options: --no-includes --include-headers
// Keywords: remap_pfn_range, vmalloc, virt_to_phys, remap_vmalloc_range

virtual context
virtual org
virtual report

@initialize:python@
@@
vbufs = set()

@valloc@
identifier k, af = {vmalloc, vzalloc, vmalloc_user, vmalloc_32,
		    vmalloc_32_user, vmalloc_node, vzalloc_node, __vmalloc,
		    vmalloc_exec};
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
E.k = (T)af(...)
|
E->k[I] = af(...)
|
k[I] = af(...)
)

@vallocdecl@
identifier k, af = {vmalloc, vzalloc, vmalloc_user, vmalloc_32,
		    vmalloc_32_user, vmalloc_node, vzalloc_node, __vmalloc,
		    vmalloc_exec};
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

// Every remap, with the names its pfn argument is made of.
@remap@
expression V, A, PFN, S, P;
position q;
@@
remap_pfn_range@q(V, A, PFN, S, P)

// One local in between: phys = virt_to_phys(buf); remap(.., phys >> .., ..)
@via exists@
identifier fn, t;
expression V, A, PFN, S, P, E;
type T;
position remap.q;
@@
fn(...)
{
... when any
(
T t = E;
|
t = E
)
... when any
remap_pfn_range@q(V, A, PFN, S, P)
... when any
}

@initialize:python@
@@
import re
locals_of = {}

def names(e):
    return set(re.findall(r"[A-Za-z_]\w*", str(e)))

@script:python@
t << via.t;
E << via.E;
q << remap.q;
@@
locals_of.setdefault((q[0].file, q[0].line, q[0].column), {})[t] = names(E)

@script:python rep@
PFN << remap.PFN;
S << remap.S;
q << remap.q;
@@
ns = names(PFN)
perpage = ("vmalloc_to_pfn" in ns or "vmalloc_to_page" in ns) and \
	  str(S).replace(" ", "") == "PAGE_SIZE"
for t, sub in locals_of.get((q[0].file, q[0].line, q[0].column), {}).items():
    if t in ns:
        ns |= sub
if perpage or not (ns & vbufs):
    cocci.include_match(False)

@depends on context && !org && !report@
position remap.q;
@@
* remap_pfn_range@q(...)

@script:python depends on org@
q << remap.q;
@@
coccilib.org.print_todo(q[0], "remap_pfn_range() of vmalloc memory: its pages are not physically contiguous; use remap_vmalloc_range(), vm_insert_page() or a fault handler with vmalloc_to_page()")

@script:python depends on report@
q << remap.q;
@@
coccilib.report.print_report(q[0], "remap_pfn_range() of vmalloc memory: its pages are not physically contiguous; use remap_vmalloc_range(), vm_insert_page() or a fault handler with vmalloc_to_page()")
