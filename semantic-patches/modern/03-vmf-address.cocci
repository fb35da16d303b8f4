// SPDX-License-Identifier: GPL-2.0
/// Use vmf->address instead of vmf->virtual_address.
///
/// v4.10, 1a29d85eb0f1 ("mm: use vmf->address instead of of
/// vmf->virtual_address") replaced "void __user *virtual_address" in struct
/// vm_fault with "unsigned long address" (82b0f8c39a38, "mm: join struct
/// fault_env and vm_fault", gave vm_fault its vma in the same release).
/// The usual cast to unsigned long goes away; a use that wants the
/// pointer keeps one.
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: vm_fault, virtual_address, address

virtual patch
virtual context
virtual org
virtual report

@depends on patch && !context && !org && !report@
struct vm_fault *vmf;
attribute name __user;
@@
(
- (unsigned long)vmf->virtual_address
+ vmf->address
|
- (unsigned long)(vmf->virtual_address)
+ vmf->address
|
- vmf->virtual_address
+ (void __user *)vmf->address
)

@use depends on !patch@
struct vm_fault *vmf;
position p;
@@
vmf->virtual_address@p

@depends on context && !patch && !org && !report@
struct vm_fault *vmf;
position use.p;
@@
* vmf->virtual_address@p

@script:python depends on org@
p << use.p;
@@
coccilib.org.print_todo(p[0], "vmf->virtual_address became vmf->address (unsigned long) in v4.10 (1a29d85eb0f1)")

@script:python depends on report@
p << use.p;
@@
coccilib.report.print_report(p[0], "vmf->virtual_address became vmf->address (unsigned long) in v4.10 (1a29d85eb0f1)")
