// SPDX-License-Identifier: GPL-2.0
/// Replace VM_RESERVED with VM_DONTEXPAND | VM_DONTDUMP.
///
/// v3.7, 314e51b9851b ("mm: kill vma flag VM_RESERVED and mm->reserved_vm
/// counter") removed VM_RESERVED; what a driver wanted from it (the mapping
/// neither grows by mremap nor appears in core dumps) is VM_DONTEXPAND |
/// VM_DONTDUMP, as that commit did for the drivers in the tree.  A flag
/// set that already has VM_DONTEXPAND only gains VM_DONTDUMP.  Tests of
/// the flag ("flags & VM_RESERVED") and preprocessor uses are left alone
/// (report mode names the tests): they need a person.
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: VM_RESERVED, VM_DONTEXPAND, VM_DONTDUMP

virtual patch
virtual context
virtual org
virtual report

@beside@
expression E;
position p;
@@
(
E | VM_RESERVED@p
|
VM_RESERVED@p | E
)

@script:python expand@
E << beside.E;
p << beside.p;
@@
if "VM_DONTEXPAND" not in E:
    cocci.include_match(False)

@depends on patch && !context && !org && !report@
position beside.p;
@@
- VM_RESERVED@p
+ VM_DONTDUMP

@depends on patch && !context && !org && !report@
expression E;
@@
(
 E & VM_RESERVED
|
 ~
- VM_RESERVED
+ (VM_DONTEXPAND | VM_DONTDUMP)
|
- VM_RESERVED
+ VM_DONTEXPAND | VM_DONTDUMP
)

@use@
position p;
@@
VM_RESERVED@p

@depends on context && !patch && !org && !report@
position use.p;
@@
* VM_RESERVED@p

@script:python depends on org@
p << use.p;
@@
coccilib.org.print_todo(p[0], "VM_RESERVED was removed in v3.7 (314e51b9851b); use VM_DONTEXPAND | VM_DONTDUMP")

@script:python depends on report@
p << use.p;
@@
coccilib.report.print_report(p[0], "VM_RESERVED was removed in v3.7 (314e51b9851b); use VM_DONTEXPAND | VM_DONTDUMP")
