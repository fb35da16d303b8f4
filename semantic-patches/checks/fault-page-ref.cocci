// SPDX-License-Identifier: GPL-2.0
/// Find fault handlers that hand out vmf->page without taking a reference.
///
/// A .fault handler that answers with vmf->page gives the core a page
/// reference, which is dropped when the page is unmapped (v2.6.23,
/// 54cb8821de07; nopage handlers had the same contract).  Setting
/// vmf->page to a page of the driver's buffer (virt_to_page(),
/// vmalloc_to_page(), an array lookup) without get_page() lets the count
/// drop to zero under the driver: the page is freed while still in use.
/// Pages that arrive with a reference (alloc_page(), find_get_page(),
/// find_lock_page(), ...) are fine.  kbufmap's kbm_fault_page() takes the
/// reference itself.
///
/// Patch mode adds the get_page() after the assignment.
//
// Confidence: Moderate
// Options: --no-includes --include-headers
// Keywords: fault, vmf->page, get_page, refcount, use-after-free

virtual patch
virtual context
virtual org
virtual report

@handler@
identifier fn, vma, vmf;
type T;
@@
(
T fn(struct vm_fault *vmf) { ... }
|
T fn(struct vm_area_struct *vma, struct vm_fault *vmf) { ... }
)

@script:python@
T << handler.T;
@@
if T.strip() == "void":
    cocci.include_match(False)

@bad exists@
identifier handler.fn, handler.vmf;
identifier getf = {get_page, page_cache_get, folio_get, try_get_page,
		   get_page_unless_zero};
identifier reff = {alloc_page, alloc_pages, alloc_pages_node, find_get_page,
		   find_lock_page, find_or_create_page, grab_cache_page,
		   read_mapping_page, shmem_read_mapping_page,
		   shmem_read_mapping_page_gfp, __page_cache_alloc};
expression P;
position p;
@@
fn(..., struct vm_fault *vmf)
{
... when != getf(P)
    when != getf(vmf->page)
    when != P = reff(...)
vmf->page@p = P
... when != getf(P)
    when != getf(vmf->page)
}

@script:python@
P << bad.P;
@@
import re
if re.match(r"^\s*(alloc_pages?|alloc_pages_node|find_get_page|find_lock_page|find_or_create_page|grab_cache_page|read_mapping_page|shmem_read_mapping_page\w*|__page_cache_alloc)\s*\(", P):
    cocci.include_match(False)

// A path without get_page() that is really the page == NULL path
// (LDD3: get_page() on the found page, "goto out" for a hole, then
// "if (!page) return VM_FAULT_SIGBUS;" before vmf->page): spatch follows
// no values, so a reference taken somewhere plus a NULL test of the page
// is taken as the handler being right.
@hasget@
identifier handler.fn;
expression bad.P;
identifier getf = {get_page, page_cache_get, folio_get, try_get_page,
		   get_page_unless_zero};
position pg;
@@
fn(...)
{
<+...
getf@pg(P)
...+>
}

@nulltest@
identifier handler.fn;
expression bad.P;
statement S;
position pn;
@@
fn(...)
{
<+...
\(if@pn (!P) S\|if@pn (P == NULL) S\)
...+>
}

@script:python@
pg << hasget.pg;
pn << nulltest.pn;
@@
cocci.include_match(False)

@depends on patch && !context && !org && !report@
identifier handler.vmf;
expression bad.P;
position bad.p;
@@
  vmf->page@p = P;
+ get_page(vmf->page);

@depends on context && !patch && !org && !report@
identifier handler.vmf;
expression bad.P;
position bad.p;
@@
* vmf->page@p = P

@script:python depends on org@
fn << handler.fn;
p << bad.p;
@@
coccilib.org.print_todo(p[0], "%s: vmf->page handed to the core without get_page(); the core drops a reference at unmap" % fn)

@script:python depends on report@
fn << handler.fn;
p << bad.p;
@@
coccilib.report.print_report(p[0], "%s: vmf->page handed to the core without get_page(); the core drops a reference at unmap" % fn)
