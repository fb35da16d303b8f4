// SPDX-License-Identifier: GPL-2.0
/// Include kbufmap's header where the other kbufmap rules left kbm_* code.
///
/// Runs last in the kbufmap set.  A C file that now calls kbm_*()
/// helpers or declares struct kbm_mmap_req / struct kbm_vmf handlers gets
/// "#include <kbufmap/kbufmap.h>" (the front door; it pulls in compat/)
/// just before its <linux/mm.h>, or failing that <linux/fs.h>,
/// <linux/module.h> or <linux/kernel.h> (before, so that a comment at the
/// end of that line stays with it).  The build needs -I for kbufmap's include/ and
/// compat/ and the build's generated/ directory (see README.md).
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: kbufmap, include

virtual patch
virtual context
virtual org
virtual report

@has@
@@
(
#include <kbufmap/kbufmap.h>
|
#include "kbufmap.h"
|
#include "kbm_compat.h"
)

@call@
identifier f =~ "^kbm_";
position p;
@@
f@p(...)

@proto@
identifier fn, x;
@@
fn(..., struct kbm_mmap_req *x, ...) { ... }

@proto2@
identifier fn, x;
@@
fn(..., struct kbm_vmf *x, ...) { ... }

@proto3@
identifier fn, x;
type T;
@@
T fn(..., struct kbm_mmap_req *x, ...);

@mm depends on patch && !has && (call || proto || proto2 || proto3)@
@@
+#include <kbufmap/kbufmap.h>
#include <linux/mm.h>

@fs depends on patch && !has && !mm && (call || proto || proto2 || proto3)@
@@
+#include <kbufmap/kbufmap.h>
#include <linux/fs.h>

@mod depends on patch && !has && !mm && !fs && (call || proto || proto2 || proto3)@
@@
+#include <kbufmap/kbufmap.h>
#include <linux/module.h>

@depends on patch && !has && !mm && !fs && !mod && (call || proto || proto2 || proto3)@
@@
+#include <kbufmap/kbufmap.h>
#include <linux/kernel.h>

@script:python depends on (report || org) && !has@
p << call.p;
@@
coccilib.report.print_report(p[0], "kbm_* used without #include <kbufmap/kbufmap.h>")
