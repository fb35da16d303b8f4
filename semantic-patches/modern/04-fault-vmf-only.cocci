// SPDX-License-Identifier: GPL-2.0
/// Drop the vma argument of fault, page_mkwrite and pfn_mkwrite handlers.
///
/// v4.11, 11bac8000449 ("mm, fs: reduce fault, page_mkwrite, and
/// pfn_mkwrite to take only vmf") made these handlers take the struct
/// vm_fault alone; the VMA is vmf->vma (there since v4.10, 82b0f8c39a38).
/// A handler that uses its vma gets "struct vm_area_struct *vma =
/// vmf->vma;"; direct calls and prototypes lose the argument too.
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: fault, page_mkwrite, pfn_mkwrite, vm_fault

virtual patch
virtual context
virtual org
virtual report

@ops@
identifier o, fn;
identifier fld = {fault, page_mkwrite, pfn_mkwrite};
@@
struct vm_operations_struct o = {
	.fld = fn,
};

@opsrt@
identifier fn;
identifier fld = {fault, page_mkwrite, pfn_mkwrite};
expression O;
@@
(
O.fld = fn
|
O->fld = fn
)

@handler@
identifier fn = {ops.fn, opsrt.fn};
identifier va, vf;
type T;
position p;
@@
T fn@p(struct vm_area_struct *va, struct vm_fault *vf)
{ ... }

// ---------------------------------------------------------------- patch --

@uses depends on patch && !context && !org && !report@
identifier handler.fn, handler.va, handler.vf;
type handler.T;
position up;
@@
T fn@up(struct vm_area_struct *va, struct vm_fault *vf)
{
<+... va ...+>
}

@depends on patch && !context && !org && !report@
identifier handler.fn, handler.va, handler.vf;
type handler.T;
position uses.up;
@@
T
- fn@up(struct vm_area_struct *va, struct vm_fault *vf)
+ fn(struct vm_fault *vf)
{
+ struct vm_area_struct *va = vf->vma;
...
}

@depends on patch && !context && !org && !report@
identifier handler.fn, handler.va, handler.vf;
type handler.T;
@@
T
- fn(struct vm_area_struct *va, struct vm_fault *vf)
+ fn(struct vm_fault *vf)
{
...
}

@depends on patch && !context && !org && !report@
identifier handler.fn;
identifier va, vf;
type T;
expression V, F;
@@
(
- T fn(struct vm_area_struct *va, struct vm_fault *vf);
+ T fn(struct vm_fault *vf);
|
- T fn(struct vm_area_struct *, struct vm_fault *);
+ T fn(struct vm_fault *);
|
- fn(V, F)
+ fn(F)
)

// ------------------------------------------------------- context/report --

@depends on context && !patch && !org && !report@
identifier handler.fn, handler.va, handler.vf;
type handler.T;
@@
* T fn(struct vm_area_struct *va, struct vm_fault *vf)
{ ... }

@script:python depends on org@
fn << handler.fn;
p << handler.p;
@@
coccilib.org.print_todo(p[0], "%s: fault-type handlers take only the vm_fault since v4.11 (11bac8000449); the VMA is vmf->vma" % fn)

@script:python depends on report@
fn << handler.fn;
p << handler.p;
@@
coccilib.report.print_report(p[0], "%s: fault-type handlers take only the vm_fault since v4.11 (11bac8000449); the VMA is vmf->vma" % fn)
