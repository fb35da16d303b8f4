// SPDX-License-Identifier: GPL-2.0
/// Rewrite a .nopage or .fault handler of any era onto kbufmap's fault API.
///
/// kbufmap's compat/kbm_fault.h gives one handler shape for every kernel
/// from v2.6.18 to v7.2: "kbm_vm_fault_t fn(struct kbm_vmf *vmf)", declared to
/// the kernel with KBM_DEFINE_FAULT() and wired in with KBM_VM_OPS_FAULT().
/// Underneath it is .nopage (v2.6.18 - v2.6.22), .fault(vma, vmf) (v2.6.23,
/// 54cb8821de07 - v4.10) or .fault(vmf) (v4.11, 11bac8000449).  This rule
/// takes any of the three legacy shapes:
///   - the VMA comes from kbm_fault_vma(), the page offset from
///     kbm_fault_pgoff(), the address from kbm_fault_address();
///   - "get_page(page); return page;" (nopage) and "get_page(page);
///     vmf->page = page; return 0;" (fault) become
///     "return kbm_fault_page(vmf, page);", which takes the reference;
///     a page whose reference was taken elsewhere (under a lock, say) is
///     handed over with kbm_fault_set_page() and KBM_FAULT_DONE;
///   - NOPAGE_SIGBUS/VM_FAULT_SIGBUS, NOPAGE_OOM/VM_FAULT_OOM and
///     VM_FAULT_NOPAGE become KBM_FAULT_SIGBUS, _OOM and _NOPAGE.
/// A handler that inserts PTEs itself (vm_insert_pfn(), vmf_insert_*())
/// or locks the page has no kbufmap counterpart: it is left whole and
/// reported.
//
// Confidence: Moderate
// Options: --no-includes --include-headers
// Keywords: kbufmap, KBM_DEFINE_FAULT, struct kbm_vmf, nopage, fault

virtual patch
virtual context
virtual org
virtual report

@ops@
identifier o, fn;
identifier fld = {nopage, fault};
@@
struct vm_operations_struct o = {
	.fld = fn,
};

@opsrt@
identifier fn;
identifier fld = {nopage, fault};
expression O;
@@
(
O.fld = fn
|
O->fld = fn
)

// Handlers that insert PTEs or lock pages have no kbufmap shape: skipped.
@inserts@
identifier fn = {ops.fn, opsrt.fn};
identifier ins = {vm_insert_pfn, vm_insert_mixed, vm_insert_page,
		  vmf_insert_pfn, vmf_insert_mixed, vmf_insert_page,
		  lock_page};
symbol VM_FAULT_LOCKED, VM_FAULT_RETRY;
@@
fn(...)
{
<+...
\(ins(...)\|VM_FAULT_LOCKED\|VM_FAULT_RETRY\)
...+>
}

@initialize:python@
@@
skipped = set()

@script:python@
fn << inserts.fn;
@@
skipped.add(fn)

@left depends on !patch@
identifier inserts.fn;
position p;
@@
fn@p(...)
{ ... }

@script:python depends on report || org@
fn << inserts.fn;
p << left.p;
@@
coccilib.report.print_report(p[0], "%s: inserts PTEs or locks pages; kbm_fault.h only hands pages back, so it is left as it is" % fn)

@np@
identifier fn = {ops.fn, opsrt.fn};
identifier va, addr, ty;
position p;
@@
struct page *fn@p(struct vm_area_struct *va, unsigned long addr,
		  int *ty)
{ ... }

@fault2@
identifier fn = {ops.fn, opsrt.fn};
identifier va, vf;
type T;
position p;
@@
T fn@p(struct vm_area_struct *va, struct vm_fault *vf)
{ ... }

@fault1@
identifier fn = {ops.fn, opsrt.fn};
identifier vf;
type T;
position p;
@@
T fn@p(struct vm_fault *vf)
{ ... }

@script:python@
fn << np.fn;
@@
if fn in skipped:
    cocci.include_match(False)

@script:python@
fn << fault2.fn;
@@
if fn in skipped:
    cocci.include_match(False)

@script:python@
fn << fault1.fn;
@@
if fn in skipped:
    cocci.include_match(False)

// ------------------------------------------------------- nopage bodies --

@depends on patch && !context && !org && !report@
identifier np.fn, np.va, np.addr, np.ty;
expression E;
@@
fn(struct vm_area_struct *va, unsigned long addr, int *ty)
{
<...
(
- if (ty)
-	*ty = E;
|
- if (ty != NULL)
-	*ty = E;
)
...>
}

@depends on patch && !context && !org && !report@
identifier np.fn, np.va, np.addr, np.ty;
expression E;
@@
fn(struct vm_area_struct *va, unsigned long addr, int *ty)
{
<...
- *ty = E;
...>
}

@depends on patch && !context && !org && !report@
identifier np.fn, np.va, np.addr, np.ty;
expression P;
@@
fn(struct vm_area_struct *va, unsigned long addr, int *ty)
{
<...
- get_page(P);
- return P;
+ return kbm_fault_page(vmf, P);
...>
}

@depends on patch && !context && !org && !report@
identifier np.fn, np.va, np.addr, np.ty;
@@
fn(struct vm_area_struct *va, unsigned long addr, int *ty)
{
<...
(
- return \(NOPAGE_SIGBUS\|NULL\);
+ return KBM_FAULT_SIGBUS;
|
- return NOPAGE_OOM;
+ return KBM_FAULT_OOM;
|
- addr
+ kbm_fault_address(vmf)
)
...>
}

@nullable depends on patch && !context && !org && !report exists@
identifier np.fn, p;
@@
fn(...)
{
...
(
struct page *p = \(NOPAGE_SIGBUS\|NULL\);
|
p = \(NOPAGE_SIGBUS\|NULL\)
)
...
}

@depends on patch && !context && !org && !report@
identifier np.fn, nullable.p;
@@
fn(...)
{
<...
- return p;
+ if (!p)
+	return KBM_FAULT_SIGBUS;
+ kbm_fault_set_page(vmf, p);
+ return KBM_FAULT_DONE;
...>
}

@depends on patch && !context && !org && !report@
identifier np.fn;
expression E;
@@
fn(...)
{
<...
(
 return KBM_FAULT_SIGBUS;
|
 return KBM_FAULT_OOM;
|
 return KBM_FAULT_DONE;
|
 return kbm_fault_page(...);
|
- return E;
+ kbm_fault_set_page(vmf, E);
+ return KBM_FAULT_DONE;
)
...>
}

@depends on patch && !context && !org && !report@
identifier np.fn;
@@
fn(...)
{
<...
- NOPAGE_SIGBUS
+ NULL
...>
}

// -------------------------------------------------------- fault bodies --

@fbody depends on patch && !context && !org && !report@
identifier fn = {fault1.fn, fault2.fn};
identifier vf;
@@
fn(..., struct vm_fault *vf)
{ ... }

@depends on patch && !context && !org && !report@
identifier fbody.fn, fbody.vf;
expression P;
@@
fn(..., struct vm_fault *vf)
{
<...
(
- get_page(P);
- vf->page = P;
- return 0;
+ return kbm_fault_page(vf, P);
|
- vf->page = P;
- get_page(\(P\|vf->page\));
- return 0;
+ return kbm_fault_page(vf, P);
)
...>
}

@depends on patch && !context && !org && !report@
identifier fbody.fn, fbody.vf;
expression P;
attribute name __user;
@@
fn(..., struct vm_fault *vf)
{
<...
(
- vf->page = P
+ kbm_fault_set_page(vf, P)
|
- (unsigned long)vf->virtual_address
+ kbm_fault_address(vf)
|
- vf->virtual_address
+ (void __user *)kbm_fault_address(vf)
|
- vf->address
+ kbm_fault_address(vf)
|
- vf->pgoff
+ kbm_fault_pgoff(vf)
|
- vf->vma
+ kbm_fault_vma(vf)
)
...>
}

@depends on patch && !context && !org && !report@
identifier fbody.fn, fbody.vf;
@@
fn(..., struct vm_fault *vf)
{
<...
- return 0;
+ return KBM_FAULT_DONE;
...>
}

// ------------------------------------------------------ every handler --

@hnd depends on patch && !context && !org && !report@
identifier fn = {np.fn, fault1.fn, fault2.fn};
@@
fn(...)
{ ... }

@depends on patch && !context && !org && !report@
identifier hnd.fn;
@@
fn(...)
{
<...
(
- VM_FAULT_SIGBUS
+ KBM_FAULT_SIGBUS
|
- VM_FAULT_OOM
+ KBM_FAULT_OOM
|
- VM_FAULT_NOPAGE
+ KBM_FAULT_NOPAGE
)
...>
}

@depends on patch && !context && !org && !report@
identifier hnd.fn, x;
expression E;
typedef vm_fault_t, kbm_vm_fault_t;
@@
fn(...)
{
<...
(
- vm_fault_t
+ kbm_vm_fault_t
  x;
|
- vm_fault_t
+ kbm_vm_fault_t
  x = E;
)
...>
}

// The VMA argument becomes a local, if the handler uses it.
@usesvma depends on patch && !context && !org && !report@
identifier np.fn, va;
position up;
@@
fn@up(struct vm_area_struct *va, ...)
{
<+... va ...+>
}

@depends on patch && !context && !org && !report@
identifier np.fn, usesvma.va;
position usesvma.up;
@@
fn@up(struct vm_area_struct *va, ...)
{
+ struct vm_area_struct *va = kbm_fault_vma(vmf);
...
}

@usesvma2 depends on patch && !context && !org && !report@
identifier fault2.fn, fault2.va, fault2.vf;
position up;
@@
fn@up(struct vm_area_struct *va, struct vm_fault *vf)
{
<+... va ...+>
}

@depends on patch && !context && !org && !report@
identifier fault2.fn, fault2.va, fault2.vf;
position usesvma2.up;
@@
fn@up(struct vm_area_struct *va, struct vm_fault *vf)
{
+ struct vm_area_struct *va = kbm_fault_vma(vf);
...
}

// The signatures.
@depends on patch && !context && !org && !report@
identifier np.fn, np.va, np.addr, np.ty;
typedef kbm_vm_fault_t;
@@
- struct page *
+ kbm_vm_fault_t
- fn(struct vm_area_struct *va, unsigned long addr, int *ty)
+ fn(struct kbm_vmf *vmf)
{ ... }

@depends on patch && !context && !org && !report@
identifier fault2.fn, fault2.va, fault2.vf;
type fault2.T;
typedef kbm_vm_fault_t;
@@
- T
+ kbm_vm_fault_t
- fn(struct vm_area_struct *va, struct vm_fault *vf)
+ fn(struct kbm_vmf *vf)
{ ... }

@depends on patch && !context && !org && !report@
identifier fault1.fn, fault1.vf;
type fault1.T;
typedef kbm_vm_fault_t;
@@
- T
+ kbm_vm_fault_t
- fn(struct vm_fault *vf)
+ fn(struct kbm_vmf *vf)
{ ... }

// Prototypes (the name stays context: spatch 1.1.1 cannot rebuild it).
@depends on patch && !context && !org && !report@
identifier fn = {np.fn, fault1.fn, fault2.fn};
identifier va, a, t, vf;
type T;
typedef kbm_vm_fault_t;
@@
(
- struct page *
+ kbm_vm_fault_t
  fn(
-    struct vm_area_struct *va, unsigned long a, int *t
+    struct kbm_vmf *vmf
  );
|
- T
+ kbm_vm_fault_t
  fn(
-    struct vm_area_struct *va, struct vm_fault *vf
+    struct kbm_vmf *vf
  );
|
- T
+ kbm_vm_fault_t
  fn(
-    struct vm_fault *vf
+    struct kbm_vmf *vf
  );
)

// The entry point the kernel calls, right after the handler.
@depends on patch && !context && !org && !report@
identifier hnd.fn;
@@
fn(...) { ... }
+ KBM_DEFINE_FAULT(fn);

@depends on patch && !context && !org && !report@
identifier o, hnd.fn;
identifier fld = {nopage, fault};
@@
struct vm_operations_struct o = {
-	.fld = fn,
+	KBM_VM_OPS_FAULT(fn),
};

// ------------------------------------------------------- context/report --

@depends on context && !patch && !org && !report@
identifier fn = {np.fn, fault1.fn, fault2.fn};
@@
* fn(...)
{ ... }

@script:python depends on report || org@
fn << np.fn;
p << np.p;
@@
coccilib.report.print_report(p[0], "%s: .nopage handler; write it once with struct kbm_vmf / KBM_DEFINE_FAULT (kbufmap compat/kbm_fault.h)" % fn)

@script:python depends on report || org@
fn << fault2.fn;
p << fault2.p;
@@
coccilib.report.print_report(p[0], "%s: .fault(vma, vmf) handler; write it once with struct kbm_vmf / KBM_DEFINE_FAULT (kbufmap compat/kbm_fault.h)" % fn)

@script:python depends on report || org@
fn << fault1.fn;
p << fault1.p;
@@
coccilib.report.print_report(p[0], "%s: .fault(vmf) handler; write it once with struct kbm_vmf / KBM_DEFINE_FAULT (kbufmap compat/kbm_fault.h)" % fn)
