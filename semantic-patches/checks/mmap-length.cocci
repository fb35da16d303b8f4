// SPDX-License-Identifier: GPL-2.0
/// Find mmap handlers that map eagerly but never look at the length asked for.
///
/// An f_op->mmap handler that hands remap_pfn_range(), io_remap_pfn_range()
/// or vm_insert_page() the VMA's whole size without ever comparing that
/// size (vma->vm_end - vma->vm_start, vma_pages(), or a local holding it)
/// with anything lets user space map past the end of the buffer: the
/// pages after it are whatever the kernel keeps there (seed 001's
/// hello_drv_mmap() is the classic case).  A handler that passes the size
/// to a helper, or clamps it with min()/clamp(), is taken to check it.
/// remap_vmalloc_range(), vm_map_pages() and vm_iomap_memory() check the
/// size themselves and are not counted as eager mapping here.
//
// Confidence: Moderate
// Options: --no-includes --include-headers
// Keywords: mmap, remap_pfn_range, vm_end, length, bounds

virtual context
virtual org
virtual report

@mapper@
identifier fn, fl, vma;
identifier f = {remap_pfn_range, io_remap_pfn_range, vm_insert_page,
		io_remap_page_range, remap_page_range};
position p, q;
@@
int fn@p(struct file *fl, struct vm_area_struct *vma)
{
<+...
f@q(...)
...+>
}

// Locals that hold the length.
@lenvar@
identifier mapper.fn, mapper.fl, mapper.vma, L;
type T;
@@
fn(struct file *fl, struct vm_area_struct *vma)
{
<+...
(
T L = \(vma->vm_end - vma->vm_start\|vma_pages(vma)\|(vma->vm_end - vma->vm_start) >> PAGE_SHIFT\);
|
L = \(vma->vm_end - vma->vm_start\|vma_pages(vma)\|(vma->vm_end - vma->vm_start) >> PAGE_SHIFT\)
)
...+>
}

@initialize:python@
@@
import re
lengths = {}
checked = set()

def mentions_length(fn, e):
    # the length, not the end address alone (addr < vma->vm_end bounds a
    # loop by the VMA, not by the buffer)
    if re.search(r"\bvm_end\s*-\s*(\w+\s*->\s*)?vm_start\b|\bvma_pages\b", e):
        return True
    return any(re.search(r"\b%s\b" % re.escape(l), e)
               for l in lengths.get(fn, ()))

@script:python@
fn << mapper.fn;
L << lenvar.L;
@@
lengths.setdefault(fn, set()).add(L)

@cmp@
identifier mapper.fn, mapper.fl, mapper.vma;
expression E1, E2;
binary operator op = {<, >, <=, >=, ==, !=};
@@
fn(struct file *fl, struct vm_area_struct *vma)
{
<+...
E1 op E2
...+>
}

@script:python@
fn << mapper.fn;
E1 << cmp.E1;
E2 << cmp.E2;
@@
if mentions_length(fn, E1) or mentions_length(fn, E2):
    checked.add(fn)

// The length handed to anything but the mapping call itself.
@passed@
identifier mapper.fn, mapper.fl, mapper.vma, g;
identifier f = {remap_pfn_range, io_remap_pfn_range, vm_insert_page,
		io_remap_page_range, remap_page_range};
expression list es;
@@
fn(struct file *fl, struct vm_area_struct *vma)
{
<+...
(
f(...)
|
g(es)
)
...+>
}

@script:python@
fn << mapper.fn;
g << passed.g;
es << passed.es;
@@
if mentions_length(fn, str(es)):
    checked.add(fn)

@script:python filt@
fn << mapper.fn;
p << mapper.p;
@@
if fn in checked:
    cocci.include_match(False)

@depends on context && !org && !report@
identifier mapper.fn, mapper.fl, mapper.vma;
position mapper.q;
@@
fn(struct file *fl, struct vm_area_struct *vma)
{
<+...
* \(remap_pfn_range@q\|io_remap_pfn_range@q\|vm_insert_page@q\|io_remap_page_range@q\|remap_page_range@q\)(...)
...+>
}

@script:python depends on org@
fn << mapper.fn;
q << mapper.q;
@@
coccilib.org.print_todo(q[0], "%s: maps the whole requested length, which is never compared with the buffer size" % fn)

@script:python depends on report@
fn << mapper.fn;
q << mapper.q;
@@
coccilib.report.print_report(q[0], "%s: maps the whole requested length, which is never compared with the buffer size" % fn)
