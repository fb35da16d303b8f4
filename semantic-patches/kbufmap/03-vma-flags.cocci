// SPDX-License-Identifier: GPL-2.0
/// Change a live VMA's flags through kbm_vma_set_flags()/kbm_vma_clear_flags().
///
/// vma->vm_flags became read-only in v6.3 (bc292ab00f6c, vm_flags_set()
/// and vm_flags_clear()); compat/kbm_vma.h picks the wrapper or the plain
/// write.  VM_RESERVED (gone in v3.7, 314e51b9851b) and the pair
/// VM_DONTEXPAND | VM_DONTDUMP that replaced it become
/// KBM_VM_NOEXPAND_NODUMP, which is right on both sides of v3.7.  Run after
/// 02-mmap.cocci: in an mmap handler the request has kbm_req_*() calls of
/// its own, which also work on .mmap_prepare kernels.
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: kbufmap, vm_flags, VM_RESERVED, kbm_vma_set_flags

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import re

def flags_of(x):
    x = re.sub(r"[()\s]", "", x)
    return x.split("|")

def kbm_flags(x):
    """VM_RESERVED or VM_DONTEXPAND|VM_DONTDUMP -> KBM_VM_NOEXPAND_NODUMP."""
    fl = flags_of(x)
    pair = "VM_DONTEXPAND" in fl and "VM_DONTDUMP" in fl
    if "VM_RESERVED" in fl or pair:
        fl = [f for f in fl
              if f not in ("VM_RESERVED", "VM_DONTEXPAND", "VM_DONTDUMP")]
        fl.append("KBM_VM_NOEXPAND_NODUMP")
    return " | ".join(fl)

@depends on patch && !context && !org && !report@
struct vm_area_struct *vma;
expression X;
fresh identifier F = script:python(X) { kbm_flags(X) };
@@
(
- vma->vm_flags &= ~(X);
+ kbm_vma_clear_flags(vma, F);
|
- vma->vm_flags &= ~X;
+ kbm_vma_clear_flags(vma, F);
|
- vma->vm_flags |= X;
+ kbm_vma_set_flags(vma, F);
|
- vm_flags_set(vma, X);
+ kbm_vma_set_flags(vma, F);
|
- vm_flags_clear(vma, X);
+ kbm_vma_clear_flags(vma, F);
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
vm_flags_set@p(vma, X)
|
vm_flags_clear@p(vma, X)
)

@depends on context && !patch && !org && !report@
position write.p;
@@
* \(vm_flags@p\|vm_flags_set@p\|vm_flags_clear@p\)

@script:python depends on report || org@
p << write.p;
@@
coccilib.report.print_report(p[0], "VMA flags written directly or through a v6.3+ helper; kbm_vma_set_flags()/kbm_vma_clear_flags() work on every kernel")
