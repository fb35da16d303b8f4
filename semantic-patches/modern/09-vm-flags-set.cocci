// SPDX-License-Identifier: GPL-2.0
/// Change a VMA's flags through vm_flags_set() / vm_flags_clear().
///
/// v6.3, bc292ab00f6c ("mm: introduce vma->vm_flags wrapper functions")
/// made vma->vm_flags read-only; writers use vm_flags_set(),
/// vm_flags_clear() and vm_flags_mod(), which also take the per-VMA lock.
/// "vma->vm_flags |= X" and "&= ~X" and the clear-then-set idiom are
/// rewritten; a plain "vma->vm_flags = X" is reported, not rewritten (it
/// wants vm_flags_init() on a new VMA and vm_flags_reset() on a live one,
/// and only a person knows which).  Reads of vm_flags stay as they are.
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: vm_flags, vm_flags_set, vm_flags_clear, vm_flags_mod

virtual patch
virtual context
virtual org
virtual report

@depends on patch && !context && !org && !report@
struct vm_area_struct *vma;
expression X, Y;
@@
(
- vma->vm_flags = (vma->vm_flags & ~(X)) | Y;
+ vm_flags_mod(vma, Y, X);
|
- vma->vm_flags = (vma->vm_flags & ~X) | Y;
+ vm_flags_mod(vma, Y, X);
|
- vma->vm_flags &= ~(X);
+ vm_flags_clear(vma, X);
|
- vma->vm_flags &= ~X;
+ vm_flags_clear(vma, X);
|
- vma->vm_flags |= X;
+ vm_flags_set(vma, X);
|
- vma->vm_flags = vma->vm_flags | X;
+ vm_flags_set(vma, X);
)

@write depends on !patch@
struct vm_area_struct *vma;
expression X;
position p;
@@
(
vma->vm_flags@p |= X
|
vma->vm_flags@p &= X
|
vma->vm_flags@p = X
)

@depends on context && !patch && !org && !report@
struct vm_area_struct *vma;
position write.p;
@@
* vma->vm_flags@p

@script:python depends on org@
p << write.p;
@@
coccilib.org.print_todo(p[0], "vma->vm_flags is read-only since v6.3 (bc292ab00f6c): use vm_flags_set()/vm_flags_clear()/vm_flags_mod()")

@script:python depends on report@
p << write.p;
@@
coccilib.report.print_report(p[0], "vma->vm_flags is read-only since v6.3 (bc292ab00f6c): use vm_flags_set()/vm_flags_clear()/vm_flags_mod()")
