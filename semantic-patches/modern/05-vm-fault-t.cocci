// SPDX-License-Identifier: GPL-2.0
/// Fault-type handlers return vm_fault_t, not int.
///
/// v4.17, 1c8f422059ae ("mm: change return type to vm_fault_t") introduced
/// vm_fault_t for .fault, .huge_fault, .page_mkwrite and .pfn_mkwrite; from
/// v5.1 (3d3539018d2c, "mm: create the new vm_fault_t type") it is a
/// __bitwise type and sparse rejects int.  The handler's return type, its
/// prototypes and a local "int ret" that only ever holds VM_FAULT_* codes
/// (or what a vmf_*() helper or another handler returned) become
/// vm_fault_t.  A local that also holds an errno is left alone and
/// reported: returning -EFOO from a fault handler was always a bug.
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: vm_fault_t, fault, page_mkwrite, pfn_mkwrite

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
position p;
@@
int fn@p(...)
{ ... }

// The handler itself and its prototypes.
@depends on patch && !context && !org && !report@
identifier handler.fn;
typedef vm_fault_t;
@@
- int
+ vm_fault_t
  fn(...)
{ ... }

@depends on patch && !context && !org && !report@
identifier handler.fn;
parameter list ps;
typedef vm_fault_t;
@@
- int
+ vm_fault_t
  fn(ps);


@depends on context && !patch && !org && !report@
identifier handler.fn;
@@
* int
  fn(...)
{ ... }

@script:python depends on org@
fn << handler.fn;
p << handler.p;
@@
coccilib.org.print_todo(p[0], "%s: fault-type handlers return vm_fault_t since v4.17 (1c8f422059ae)" % fn)

@script:python depends on report@
fn << handler.fn;
p << handler.p;
@@
coccilib.report.print_report(p[0], "%s: fault-type handlers return vm_fault_t since v4.17 (1c8f422059ae)" % fn)

// A local that carries the handler's answer...
@cand exists@
identifier handler.fn, r;
expression E;
position d;
@@
fn(...)
{
... when any
(
int r@d;
|
int r@d = E;
)
... when any
return r;
}

// ...unless something other than a fault code is stored in it.
@asg@
identifier handler.fn, cand.r;
expression E;
position pa;
@@
fn(...)
{
<+...
r@pa = E
...+>
}

@initialize:python@
@@
import re
errno_locals = set()

def fault_code(e):
    e = re.sub(r"\s+", "", e)
    if e == "0":
        return True
    parts = e.split("|")
    return all(re.match(r"^\(?(VM_FAULT_\w+|vmf_\w+\(.*\))\)?$", x)
               for x in parts)

@script:python@
fn << handler.fn;
r << cand.r;
e << asg.E;
@@
if not fault_code(e):
    errno_locals.add((fn, r))

@script:python depends on report@
fn << handler.fn;
r << cand.r;
e << asg.E;
pa << asg.pa;
@@
if not fault_code(e):
    coccilib.report.print_report(pa[0], "%s: %s holds something other than a VM_FAULT_* code; a fault handler must not return an errno" % (fn, r))

@script:python@
fn << handler.fn;
r << cand.r;
e << cand.E;
@@
if not fault_code(e):
    errno_locals.add((fn, r))

@script:python depends on report@
fn << handler.fn;
r << cand.r;
e << cand.E;
d << cand.d;
@@
if not fault_code(e):
    coccilib.report.print_report(d[0], "%s: %s holds something other than a VM_FAULT_* code; a fault handler must not return an errno" % (fn, r))

@script:python keep@
fn << handler.fn;
r << cand.r;
@@
if (fn, r) in errno_locals:
    cocci.include_match(False)

@depends on patch && !context && !org && !report@
identifier handler.fn, cand.r;
position cand.d;
expression E;
typedef vm_fault_t;
@@
fn(...)
{
<...
(
- int
+ vm_fault_t
  r@d;
|
- int
+ vm_fault_t
  r@d = E;
)
...>
}
