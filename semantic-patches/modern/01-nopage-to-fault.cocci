// SPDX-License-Identifier: GPL-2.0
/// Port a .nopage handler to .fault(vma, vmf).
///
/// .fault(struct vm_area_struct *, struct vm_fault *) came with v2.6.23,
/// 54cb8821de07 ("mm: merge populate and nopage into fault"); .nopage and
/// NOPAGE_SIGBUS/NOPAGE_OOM were removed in v2.6.26, 3c18ddd160d1 ("mm:
/// remove nopage").  The handler now hands its page back through vmf->page
/// (the reference the nopage handler took goes with it) and returns 0, or
/// VM_FAULT_SIGBUS / VM_FAULT_OOM.  A returned page variable that may hold
/// NOPAGE_SIGBUS (NULL) gets an explicit SIGBUS test; "*type = ..." goes
/// away; the address argument becomes vmf->virtual_address, which
/// 03-vmf-address.cocci turns into vmf->address (v4.10).
///
/// A handler that hands "type" to another function, or keeps NOPAGE_OOM in
/// a variable, is converted as far as it goes and fails to compile where a
/// person must look.
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: nopage, fault, NOPAGE_SIGBUS, vm_operations_struct

virtual patch
virtual context
virtual org
virtual report

// The handlers: named in a vm_operations_struct initializer or assigned to
// a .nopage member at run time.
@ops@
identifier o, fn;
@@
struct vm_operations_struct o = {
	.nopage = fn,
};

@opsrt@
identifier fn;
expression O;
@@
(
O.nopage = fn
|
O->nopage = fn
)

@handler@
identifier fn = {ops.fn, opsrt.fn};
identifier vma, address, type;
position p;
@@
struct page *fn@p(struct vm_area_struct *vma, unsigned long address,
		  int *type)
{ ... }

// ---------------------------------------------------------------- patch --

@init depends on patch && !context && !org && !report@
identifier o, handler.fn;
@@
struct vm_operations_struct o = {
-	.nopage = fn,
+	.fault = fn,
};

@depends on patch && !context && !org && !report@
identifier handler.fn;
expression O;
@@
(
- O.nopage = fn
+ O.fault = fn
|
- O->nopage = fn
+ O->fault = fn
)

// Everything but the returned page.
@depends on patch && !context && !org && !report@
identifier handler.fn, handler.vma, handler.address, handler.type;
expression E;
@@
fn(struct vm_area_struct *vma, unsigned long address, int *type)
{
<...
(
- if (type)
-	*type = E;
|
- if (type != NULL)
-	*type = E;
|
- return \(NOPAGE_SIGBUS\|NULL\|0\);
+ return VM_FAULT_SIGBUS;
|
- return NOPAGE_OOM;
+ return VM_FAULT_OOM;
|
- address
+ (unsigned long)vmf->virtual_address
)
...>
}

@depends on patch && !context && !org && !report@
identifier handler.fn, handler.vma, handler.address, handler.type;
expression E;
@@
fn(struct vm_area_struct *vma, unsigned long address, int *type)
{
<...
- *type = E;
...>
}

// A page variable that may be NULL (NOPAGE_SIGBUS) when it is returned.
@nullable depends on patch && !context && !org && !report exists@
identifier handler.fn, p;
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
identifier handler.fn, nullable.p;
@@
fn(...)
{
<...
- return p;
+ if (!p)
+	return VM_FAULT_SIGBUS;
+ vmf->page = p;
+ return 0;
...>
}

// Any other page: a reference was already taken for nopage's caller.
@depends on patch && !context && !org && !report@
identifier handler.fn;
expression E;
@@
fn(...)
{
<...
(
 return VM_FAULT_SIGBUS;
|
 return VM_FAULT_OOM;
|
 return 0;
|
- return E;
+ vmf->page = E;
+ return 0;
)
...>
}

@depends on patch && !context && !org && !report@
identifier handler.fn;
@@
fn(...)
{
<...
- NOPAGE_SIGBUS
+ NULL
...>
}

@depends on patch && !context && !org && !report@
identifier handler.fn, handler.vma, handler.address, handler.type;
@@
- struct page *
+ int
- fn(struct vm_area_struct *vma, unsigned long address, int *type)
+ fn(struct vm_area_struct *vma, struct vm_fault *vmf)
{ ... }

// Forward declarations and header prototypes of the same handler.
@depends on patch && !context && !org && !report@
identifier handler.fn;
identifier vma, address, type;
@@
(
- struct page *fn(struct vm_area_struct *vma, unsigned long address,
-		  int *type);
+ int fn(struct vm_area_struct *vma, struct vm_fault *vmf);
|
- struct page *fn(struct vm_area_struct *, unsigned long, int *);
+ int fn(struct vm_area_struct *, struct vm_fault *);
)

// -------------------------------------------------------------- context --

@depends on context && !patch && !org && !report@
identifier o, handler.fn;
@@
struct vm_operations_struct o = {
*	.nopage = fn,
};

@depends on context && !patch && !org && !report@
identifier handler.fn, handler.vma, handler.address, handler.type;
@@
* struct page *
fn(struct vm_area_struct *vma, unsigned long address, int *type)
{ ... }

// ------------------------------------------------------------ org/report --

@script:python depends on org@
fn << handler.fn;
p << handler.p;
@@
coccilib.org.print_todo(p[0], "%s: .nopage handler (removed in v2.6.26, 3c18ddd160d1); port to .fault (v2.6.23, 54cb8821de07)" % fn)

@script:python depends on report@
fn << handler.fn;
p << handler.p;
@@
coccilib.report.print_report(p[0], "%s: .nopage handler (removed in v2.6.26, 3c18ddd160d1); port to .fault (v2.6.23, 54cb8821de07)" % fn)
