// SPDX-License-Identifier: GPL-2.0
/// Insert PTEs from a fault handler with vmf_insert_*(), not vm_insert_*().
///
/// v4.17, 1c8f422059ae ("mm: change return type to vm_fault_t") added
/// vmf_insert_pfn(), vmf_insert_mixed() and vmf_insert_page(), which return
/// the handler's vm_fault_t; v4.20 removed vm_insert_pfn() (ae2b01f37044,
/// "mm: remove vm_insert_pfn()") and vm_insert_mixed() (M. Wilcox, "mm:
/// Remove vm_insert_mixed", same series; mainline id not checked here).
/// The errno-to-VM_FAULT_* mapping that followed the old call (an if chain
/// or a switch on the result, or nothing at all) is what the new helpers
/// return, so it is replaced by "return vmf_insert_*(...)".  pfn_t
/// wrappers around vm_insert_mixed()'s pfn go: vmf_insert_mixed() takes an
/// unsigned long pfn again in current kernels (pfn_t was removed by v6.17).
/// vm_insert_page() is only rewritten in fault handlers; an mmap handler
/// keeps it.  A call whose result is used in any other way (a lock is
/// dropped first, the errno is passed on) is left alone and reported.
//
// Confidence: Moderate
// Options: --no-includes --include-headers
// Keywords: vm_insert_pfn, vm_insert_mixed, vm_insert_page, vmf_insert_pfn

virtual patch
virtual context
virtual org
virtual report

@ops@
identifier o, fn;
identifier fld = {fault, huge_fault, page_mkwrite, pfn_mkwrite};
@@
struct vm_operations_struct o = {
	.fld = fn,
};

@opsrt@
identifier fn;
identifier fld = {fault, huge_fault, page_mkwrite, pfn_mkwrite};
expression O;
@@
(
O.fld = fn
|
O->fld = fn
)

@handler@
identifier fn = {ops.fn, opsrt.fn};
@@
fn(...)
{ ... }

// ---------------------------------------------------------------- patch --

@depends on patch && !context && !org && !report@
expression P, F, PH;
@@
(
vm_insert_mixed
|
vmf_insert_mixed
)
  (...,
(
- __pfn_to_pfn_t(P, F)
+ P
|
- pfn_to_pfn_t(P)
+ P
|
- phys_to_pfn_t(PH, F)
+ PHYS_PFN(PH)
)
  )

@initialize:python@
@@
handlers = set()

@script:python@
fn << handler.fn;
@@
handlers.add(fn)

// The call, then a switch on its result whose every case returns a fault
// code: whatever follows is dead.
@sw depends on patch && !context && !org && !report@
identifier fn, err;
identifier ins = {vm_insert_pfn, vm_insert_mixed, vm_insert_page};
expression A, B, C;
statement S;
position p;
@@
fn(...)
{
<...
err = ins@p(A, B, C);
S
...>
}

@script:python@
fn << sw.fn;
err << sw.err;
S << sw.S;
@@
import re
body = re.match(r"^switch \( %s \) \{(.*)\}\s*$" % re.escape(err), S)
ok = body is not None and "default" in body.group(1)
if ok:
    rest = re.sub(r"(case [^:]+|default) :", "", body.group(1))
    rest = re.sub(r"return \(? ?VM_FAULT_\w+ ?\)? ;", "", rest)
    ok = rest.strip() == ""
if not ok or fn not in handlers:
    cocci.include_match(False)

@depends on patch && !context && !org && !report@
identifier sw.fn, sw.err, sw.ins;
expression sw.A, sw.B, sw.C;
statement sw.S;
position sw.p;
fresh identifier vins = script:python(ins) { ins.replace("vm_", "vmf_", 1) };
@@
fn(...)
{
<...
- err = ins@p(A, B, C);
+ return vins(A, B, C);
- S
...>
}

@depends on patch && !context && !org && !report@
identifier sw.fn, sw.err;
type T;
@@
fn(...)
{
...
- T err;
... when != err
}

// The call, then nothing but the mapping of its result to a fault code.
@depends on patch && !context && !org && !report@
identifier handler.fn, err, f;
expression A, B, C, E, E1;
statement S;
@@
fn(...)
{
...
(
- err = vm_insert_pfn(A, B, C);
+ return vmf_insert_pfn(A, B, C);
|
- err = vm_insert_mixed(A, B, C);
+ return vmf_insert_mixed(A, B, C);
|
- err = vm_insert_page(A, B, C);
+ return vmf_insert_page(A, B, C);
|
- vm_insert_pfn(A, B, C);
+ return vmf_insert_pfn(A, B, C);
|
- vm_insert_mixed(A, B, C);
+ return vmf_insert_mixed(A, B, C);
|
- vm_insert_page(A, B, C);
+ return vmf_insert_page(A, B, C);
|
- if (\(vm_insert_pfn(A, B, C)\|vm_insert_pfn(A, B, C) < 0\|vm_insert_pfn(A, B, C) != 0\))
-	S
+ return vmf_insert_pfn(A, B, C);
|
- if (\(vm_insert_mixed(A, B, C)\|vm_insert_mixed(A, B, C) < 0\|vm_insert_mixed(A, B, C) != 0\))
-	S
+ return vmf_insert_mixed(A, B, C);
|
- if (\(vm_insert_page(A, B, C)\|vm_insert_page(A, B, C) < 0\|vm_insert_page(A, B, C) != 0\))
-	S
+ return vmf_insert_page(A, B, C);
)
- ... when != f(...)
-     when != E = E1
-     when != E++
-     when != E--
}

// A local that only carried the result is left unused.
@unused depends on patch && !context && !org && !report@
identifier handler.fn, err;
type T;
@@
fn(...)
{
...
- T err;
... when != err
}

// ------------------------------------------------------- context/report --

@left depends on !patch@
identifier fn;
expression A, B, C;
position p;
@@
fn(...)
{
<+...
\(vm_insert_pfn@p\|vm_insert_mixed@p\)(A, B, C)
...+>
}

@leftpage depends on !patch@
identifier handler.fn;
expression A, B, C;
position p;
@@
fn(...)
{
<+...
vm_insert_page@p(A, B, C)
...+>
}

@depends on context && !patch && !org && !report@
position p = {left.p, leftpage.p};
@@
* \(vm_insert_pfn@p\|vm_insert_mixed@p\|vm_insert_page@p\)(...)

@script:python depends on org@
p << left.p;
@@
coccilib.org.print_todo(p[0], "vm_insert_pfn()/vm_insert_mixed() were removed in v4.20; a fault handler returns vmf_insert_pfn()/vmf_insert_mixed() (v4.17, 1c8f422059ae)")

@script:python depends on report@
p << left.p;
@@
coccilib.report.print_report(p[0], "vm_insert_pfn()/vm_insert_mixed() were removed in v4.20; a fault handler returns vmf_insert_pfn()/vmf_insert_mixed() (v4.17, 1c8f422059ae)")

@script:python depends on org@
p << leftpage.p;
@@
coccilib.org.print_todo(p[0], "in a fault handler, return vmf_insert_page() (v4.17, 1c8f422059ae)")

@script:python depends on report@
p << leftpage.p;
@@
coccilib.report.print_report(p[0], "in a fault handler, return vmf_insert_page() (v4.17, 1c8f422059ae)")
