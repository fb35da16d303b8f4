// SPDX-License-Identifier: GPL-2.0
/// Create device classes and nodes with kbm_class_create()/kbm_device_create().
///
/// class_create(THIS_MODULE, name) lost its owner argument in v6.4,
/// 1aaba11da9aa ("driver core: class: remove module * from
/// class_create()"); device_create() took its drvdata argument in v2.6.27,
/// 4e10673944a5 (v2.6.18 - v2.6.26 had device_create(cls, parent, devt,
/// fmt, ...)).  compat/kbm_chrdev.h's kbm_class_create(name) and
/// kbm_device_create(cls, parent, devt, drvdata, name) call whichever form
/// the kernel has.  Both class_create() forms are rewritten; device_create()
/// is rewritten when its name is a plain string (kbm_device_create() takes
/// a name, not a format), otherwise reported.
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: kbufmap, class_create, device_create, kbm_class_create

virtual patch
virtual context
virtual org
virtual report

@depends on patch && !context && !org && !report@
expression O, N;
@@
(
- class_create(O, N)
+ kbm_class_create(N)
|
- class_create(N)
+ kbm_class_create(N)
)

@dev@
expression C, P, D, DATA;
constant char[] N;
position p;
@@
(
device_create@p(C, P, D, DATA, N)
|
device_create@p(C, P, D, N)
)

@script:python@
N << dev.N;
@@
if "%" in N:
    cocci.include_match(False)

@depends on patch && !context && !org && !report@
expression C, P, D, DATA;
constant char[] N;
position dev.p;
@@
(
- device_create@p(C, P, D, DATA, N)
+ kbm_device_create(C, P, D, DATA, N)
|
- device_create@p(C, P, D, N)
+ kbm_device_create(C, P, D, NULL, N)
)

@use depends on !patch@
position p;
@@
\(class_create@p\|device_create@p\)(...)

@depends on context && !patch && !org && !report@
position use.p;
@@
* \(class_create@p\|device_create@p\)(...)

@script:python depends on report || org@
p << use.p;
@@
coccilib.report.print_report(p[0], "class_create()/device_create() changed shape (v6.4, 1aaba11da9aa; v2.6.27, 4e10673944a5); kbm_class_create()/kbm_device_create() build on every kernel")
