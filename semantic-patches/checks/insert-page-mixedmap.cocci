// SPDX-License-Identifier: GPL-2.0
/// Find vm_insert_page() in a fault handler whose VMA lacks VM_MIXEDMAP.
///
/// vm_insert_page() sets VM_MIXEDMAP on the VMA the first time it runs;
/// that write needs the mmap lock held for writing, which an mmap handler
/// has and a fault handler does not (since v3.7 the flag is VM_MIXEDMAP,
/// 4b6e1e37026e "mm: kill vma flag VM_INSERTPAGE"; current kernels BUG()
/// on the unlocked write, vm_insert_page() in 7.2 mm/memory.c).  A fault
/// handler that inserts pages therefore needs VM_MIXEDMAP set by the mmap
/// handler that installs its vm_operations_struct (vm_flags_set(),
/// vma->vm_flags |= VM_MIXEDMAP, or kbufmap's kbm_req_set_mixedmap()).
/// Reported when an mmap handler in the same file installs the ops without
/// mentioning VM_MIXEDMAP.
//
// Confidence: Moderate
// Options: --no-includes --include-headers
// Keywords: vm_insert_page, vmf_insert_page, VM_MIXEDMAP, fault

virtual context
virtual org
virtual report

@ops@
identifier o, fn;
identifier fld = {fault, nopage, huge_fault};
@@
struct vm_operations_struct o = {
	.fld = fn,
};

@ins@
identifier ops.fn;
identifier f = {vm_insert_page, vmf_insert_page, vm_insert_pages};
position p;
@@
fn(...)
{
<+...
f@p(...)
...+>
}

@installer@
identifier ops.o, m, fl, vma;
expression P;
position pm;
@@
int m@pm(struct file *fl, struct vm_area_struct *vma)
{
<+...
\(vma->vm_ops = &o\|kbm_req_set_ops(vma, &o, P)\)
...+>
}

@mixed@
identifier installer.m, installer.fl, installer.vma;
symbol VM_MIXEDMAP;
position pq;
@@
m(struct file *fl, struct vm_area_struct *vma)
{
<+...
\(VM_MIXEDMAP@pq\|kbm_req_set_mixedmap@pq(...)\)
...+>
}

@initialize:python@
@@
with_mixed = set()

@script:python@
m << installer.m;
pq << mixed.pq;
@@
with_mixed.add(m)

@script:python@
m << installer.m;
@@
if m in with_mixed:
    cocci.include_match(False)

@depends on context && !org && !report@
identifier ins.f;
position ins.p;
@@
* f@p(...)

@script:python depends on org@
fn << ops.fn;
f << ins.f;
p << ins.p;
m << installer.m;
@@
coccilib.org.print_todo(p[0], "%s: %s() from a fault handler, but %s() never sets VM_MIXEDMAP on the VMA" % (fn, f, m))

@script:python depends on report@
fn << ops.fn;
f << ins.f;
p << ins.p;
m << installer.m;
@@
coccilib.report.print_report(p[0], "%s: %s() from a fault handler, but %s() never sets VM_MIXEDMAP on the VMA" % (fn, f, m))
